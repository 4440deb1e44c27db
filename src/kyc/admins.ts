import { hashPassword, verifyPassword } from '../crypto/password.js';
import { newId } from '../crypto/random-id.js';
import { countAdmins, insertAdmin, selectAdminByEmail } from '../store/admins-store.js';
import { appendAudit } from '../store/audit-store.js';
import type { Database, Queryable } from '../store/database.js';

export interface Admin {
  readonly id: string;
  readonly email: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Operators of the dashboard, who sign in with e-mail and password. */
export function createAdmins(db: Database) {
  return {
    async create(email: string, password: string, actor: string, q: Queryable = db): Promise<Admin> {
      if (!EMAIL.test(email)) throw new Error(`"${email}" is not an e-mail address`);
      if (password.length < 12) throw new Error('an admin password has at least 12 characters');
      const admin = { id: newId(), email };
      await insertAdmin(q, { ...admin, passwordHash: await hashPassword(password) });
      await appendAudit(q, { actor, action: 'admin.create', subjectType: 'admin', subjectId: admin.id });
      return admin;
    },

    async verify(email: string, password: string): Promise<Admin | undefined> {
      const row = await selectAdminByEmail(db, email);
      if (!row || !(await verifyPassword(password, row.password_hash))) return undefined;
      return { id: row.id, email: row.email };
    },

    count: (q: Queryable = db) => countAdmins(q),
  };
}

export type Admins = ReturnType<typeof createAdmins>;
