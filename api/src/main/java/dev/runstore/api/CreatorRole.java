package dev.runstore.api;

/**
 * Who created a run: a workspace account or an end user of the app.
 *
 * <p>{@link #value()} is the exact string stored in the database column.
 */
public enum CreatorRole implements StoredValue {
  /** A workspace member. */
  ACCOUNT("account"),
  /** An end user of a published app. */
  END_USER("end_user");

  private final String value;

  CreatorRole(String value) {
    this.value = value;
  }

  /** The string stored in the database. */
  @Override
  public String value() {
    return value;
  }

  /**
   * The constant whose {@link #value()} is {@code value}.
   *
   * @throws IllegalArgumentException naming the value when no constant has it
   */
  public static CreatorRole fromValue(String value) {
    return StoredValue.lookup(CreatorRole.class, value);
  }

  @Override
  public String toString() {
    return value;
  }
}
