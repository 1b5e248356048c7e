/** The OData shape Exchange expects for a `byte[]` parameter such as `-CSVData`. */
export interface ExchangeByteArray {
  '@odata.type': '#Exchange.ByteArrayType';
  Data: number[];
}

/**
 * Encodes CSV text for `-CSVData` (New-MigrationBatch, Set-MigrationBatch).
 *
 * The metadata types `Data` as `Collection(Edm.Byte)`. It is not confirmed whether
 * InvokeCommand also accepts `Data` as a base64 string, so the encoding lives here
 * and nowhere else: it sends the CSV's UTF-8 bytes as a JSON array of numbers.
 * A leading byte-order mark is dropped so the header row starts with its first column.
 */
export function encodeCsvData(csv: string): ExchangeByteArray {
  const text = csv.startsWith('\uFEFF') ? csv.slice(1) : csv;
  return { '@odata.type': '#Exchange.ByteArrayType', Data: Array.from(Buffer.from(text, 'utf8')) };
}
