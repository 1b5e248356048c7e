import { createPrng, hashString } from './prng';

/** Microsoft 365 E3 (Office 365 Enterprise E3): what the source users are licensed with. */
export const ENTERPRISE_SKU = 'ENTERPRISEPACK';
/** The add-on a cross-tenant move needs on the source or the target user. */
export const CROSS_TENANT_MIGRATION_SKU = 'CROSS_TENANT_USER_DATA_MIGRATION';

const KNOWN_SKU_IDS: Record<string, string> = {
  [ENTERPRISE_SKU]: '6fd2c87f-b296-42f0-b197-1e91e994b900',
};

/** The skuId Graph reports beside a skuPartNumber; stable for a part number the table lacks. */
export function skuIdFor(skuPartNumber: string): string {
  return KNOWN_SKU_IDS[skuPartNumber] ?? createPrng(hashString(`sku/${skuPartNumber}`)).guid();
}
