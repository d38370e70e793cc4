import { hash, verify } from "@node-rs/argon2";

/** OWASP's argon2id minimum: 19 MiB memory, 2 passes, 1 lane. Algorithm 2 is argon2id. */
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string) {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
