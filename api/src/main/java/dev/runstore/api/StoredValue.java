package dev.runstore.api;

/** An enum constant stored in the database as a string; shares the lookup by that string. */
interface StoredValue {

  /** The stored string. */
  String value();

  static <E extends Enum<E> & StoredValue> E lookup(Class<E> type, String value) {
    if (value == null) {
      throw new IllegalArgumentException(type.getSimpleName() + " value must not be null");
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.value().equals(value)) {
        return constant;
      }
    }
    throw new IllegalArgumentException("unknown " + type.getSimpleName() + " value '" + value + "'");
  }
}
