/** Allowed batch names: 1 to 64 characters, letters, digits, space, `_`, `.`, `-`, not starting with a symbol. */
export const BATCH_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$';

/** An ISO-8601 date and time with a time zone (`Z` or an offset), as typed into card inputs. */
export const ISO_DATETIME_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$';
