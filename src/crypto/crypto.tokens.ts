/** DI token for the 32-byte master key (see master-key.ts). */
export const MASTER_KEY = Symbol('MASTER_KEY');
