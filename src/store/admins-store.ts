import type { Queryable } from './database.js';

export interface AdminRow {
  id: string;
  email: string;
  password_hash: string;
  created_at: Date;
}

export async function insertAdmin(
  db: Queryable,
  admin: { id: string; email: string; passwordHash: string },
): Promise<void> {
  await db.query('INSERT INTO admins (id, email, password_hash) VALUES ($1, $2, $3)', [
    admin.id,
    admin.email,
    admin.passwordHash,
  ]);
}

export async function selectAdminByEmail(db: Queryable, email: string): Promise<AdminRow | undefined> {
  const { rows } = await db.query<AdminRow>(
    'SELECT id, email, password_hash, created_at FROM admins WHERE lower(email) = lower($1)',
    [email],
  );
  return rows[0];
}

export async function countAdmins(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM admins');
  return rows[0]?.count ?? 0;
}
