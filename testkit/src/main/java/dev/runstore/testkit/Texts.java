package dev.runstore.testkit;

import java.util.Random;

/**
 * Text that storage likes to damage: every script and plane, combining marks, right-to-left runs,
 * astral characters (4 bytes in UTF-8, surrogate pairs in Java), JSON escapes, and large JSON.
 * All of it is storable (no U+0000, no unpaired surrogate).
 */
public final class Texts {

  /** CJK ideographs, kana and hangul. */
  public static final String CJK = "工作流运行 ワークフロー 워크플로 實行";

  /** Arabic and Hebrew, with the bidi control characters that mark embedded runs. */
  public static final String RTL = "تشغيل سير العمل \u200Fהרצת תהליך\u200E \u202Bمختلط\u202C";

  /** Base letters followed by combining marks (not normalized: storage must not compose them). */
  public static final String COMBINING = "e\u0301 a\u0308 n\u0303 Z\u0351\u0353\u0339\u0330 \u1100\u1161\u11A8";

  /** Characters outside the Basic Multilingual Plane: emoji, music, math, CJK extension B. */
  public static final String ASTRAL = "😀 𝄞 𝕏 🏳️‍🌈 👩🏽‍💻 𠜎";

  /** Every kind above plus ASCII punctuation that SQL quoting and JSON care about. */
  public static final String MIXED =
      "ascii ' \" \\ % _ ; -- /* */ " + CJK + " | " + RTL + " | " + COMBINING + " | " + ASTRAL;

  /** Size of the large JSON texts: one mebibyte of UTF-16 code units. */
  public static final int MEBI = 1 << 20;

  private Texts() {}

  /** {@link #MIXED} wrapped as a JSON document (the escapes are JSON text, not Java escapes). */
  public static String unicodeJson() {
    return "{\"text\":\"" + MIXED.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\",\"escaped\":\"\\u0000 \\ud83d\\ude00 \\n\\t\\\"\",\"emoji\":\"😀𝄞\"}";
  }

  /**
   * A JSON document of at least {@code minLength} code units, drawn from {@code seed}: nested
   * objects and arrays, irregular whitespace (spaces, tabs, CR, LF), JSON escapes written as text
   * (backslash-u-0000 as its six characters, {@code \"}, {@code \\}, {@code \/}), and unicode of
   * every width. Byte-for-byte storage must keep all of it.
   */
  public static String largeJson(long seed, int minLength) {
    Random random = new Random(seed);
    String[] whitespace = {"", " ", "  ", "\t", "\n", "\r\n", " \n\t "};
    String[] strings = {
      "plain", "\\u0000", "\\u001f\\u007f", "quote \\\" and backslash \\\\", "slash \\/ ok",
      "\\ud83d\\ude00 escaped pair", "\\n\\r\\t\\b\\f", CJK, RTL, COMBINING, ASTRAL, "'; DROP TABLE workflow_runs; --",
      "trailing space ", "", "e\u0301", "\u00A0nbsp\u2028ls\u2029ps"
    };
    StringBuilder b = new StringBuilder(minLength + 256);
    b.append("{\"seed\":").append(seed).append(",\"items\":[");
    int item = 0;
    while (b.length() < minLength) {
      if (item > 0) {
        b.append(',');
      }
      b.append(whitespace[random.nextInt(whitespace.length)])
          .append("{\"i\":")
          .append(item)
          .append(whitespace[random.nextInt(whitespace.length)])
          .append(",\"s\":\"")
          .append(strings[random.nextInt(strings.length)])
          .append("\",\"n\":[")
          .append(random.nextInt())
          .append(',')
          .append(random.nextDouble())
          .append(",-0.0,1e308,true,false,null],\"o\":{\"k\":\"")
          .append(strings[random.nextInt(strings.length)])
          .append("\"}}");
      item++;
    }
    return b.append("\n]}\n").toString();
  }
}
