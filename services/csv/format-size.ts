/**
 * A byte count for people: "512 bytes", "1.5 KB", "2 MB". `up` rounds up instead of to the
 * nearest tenth, so that a size just over a limit never reads as the limit itself.
 */
export function formatSize(bytes: number, up = false): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${tenths(kb, up)} KB`;
  return `${tenths(kb / 1024, up)} MB`;
}

function tenths(value: number, up: boolean): string {
  return String((up ? Math.ceil(value * 10) : Math.round(value * 10)) / 10);
}
