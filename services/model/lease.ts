export interface Lease {
  id: string;
  pk: string;
  type: 'lease';
  owner: string;
  expiresAt: number;
}
