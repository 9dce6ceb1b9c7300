package dev.runstore.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;

/**
 * {@link ArchiveFormat#TIMESTAMP} and {@link Instant#parse} for the archive's one timestamp shape
 * ({@code 2025-06-01T12:00:00.123456Z}, years 0 to 9999), without {@code DateTimeFormatter}: a
 * purge with related rows formats and parses a few timestamps per row, and the formatter (its
 * fraction goes through BigDecimal) was a third of the archive step's CPU in a profile. Anything
 * else goes to the JDK, so results and errors are exactly the JDK's.
 */
final class Timestamps {

  private static final int LENGTH = 27; // uuuu-MM-ddTHH:mm:ss.SSSSSSZ

  private Timestamps() {}

  /** Same text as {@code ArchiveFormat.TIMESTAMP.format(instant)}. */
  static String format(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      return ArchiveFormat.TIMESTAMP.format(instant);
    }
    char[] c = new char[LENGTH];
    digits(c, 0, year, 4);
    c[4] = '-';
    digits(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, t.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, t.getHour(), 2);
    c[13] = ':';
    digits(c, 14, t.getMinute(), 2);
    c[16] = ':';
    digits(c, 17, t.getSecond(), 2);
    c[19] = '.';
    digits(c, 20, t.getNano() / 1000, 6); // SSSSSS truncates, as here
    c[26] = 'Z';
    return new String(c);
  }

  /** Same result (or exception) as {@code Instant.parse(text)}. */
  static Instant parse(String text) {
    if (text.length() != LENGTH || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.' || text.charAt(26) != 'Z') {
      return Instant.parse(text);
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 2);
    int day = number(text, 8, 2);
    int hour = number(text, 11, 2);
    int minute = number(text, 14, 2);
    int second = number(text, 17, 2);
    int micros = number(text, 20, 6);
    // Out of the plain ranges (leap second 60, 24:00, bad digits, 30 February): the JDK decides.
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || micros < 0) {
      return Instant.parse(text);
    }
    long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
    return Instant.ofEpochSecond(epochSecond, micros * 1000L);
  }

  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The ASCII digits at {@code [at, at + width)} as a number; -1 when one is not a digit. */
  private static int number(String text, int at, int width) {
    int value = 0;
    for (int i = at; i < at + width; i++) {
      char ch = text.charAt(i);
      if (ch < '0' || ch > '9') {
        return -1;
      }
      value = value * 10 + (ch - '0');
    }
    return value;
  }
}
