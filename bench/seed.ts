// Seeds the local Clerk server's in-process data for the user figures (bench/suite/users.ts): two users with 20 active
// sessions each (Revoke All at 0 and at 50 ms latency) and one with active and pending sessions, all three the most
// recently active so that they are on the first page of users. The server itself is started with 5,000 users.
import type { ClerkServer } from '../test/server/server';

export interface Seeded {
  richUsers: string[];
  pendingUser: string;
  sessionsEach: number;
  /** How many users the scale part loads (Load more, a page at a time). */
  pageThrough: number;
  totalUsers: number;
}

export function seedUserFigures(server: ClerkServer, o: { sessionsEach?: number; pageThrough?: number } = {}): Seeded {
  const sessionsEach = o.sessionsEach ?? 20;
  const data = server.data;
  const baseUser =
    data.users.find((u) => u.email_addresses.length > 0 && /^[\w .'-]*$/.test(`${u.first_name ?? ''}${u.last_name ?? ''}`)) ??
    data.users[0];
  const baseSession = data.sessions.find((s) => s.status === 'active' && s.latest_activity)!;
  const newest = Math.max(...data.users.map((u) => u.last_active_at ?? 0));
  const now = Date.now();
  const addUser = (tag: string, rank: number) => {
    const u = structuredClone(baseUser);
    u.id = `user_bench${tag}`;
    u.first_name = 'Bench';
    u.last_name = tag;
    u.username = null;
    u.external_id = null;
    u.email_addresses = u.email_addresses
      .slice(0, 1)
      .map((e) => ({ ...e, id: `idn_bench${tag}`, email_address: `bench-${tag.toLowerCase()}@example.test` }));
    u.primary_email_address_id = `idn_bench${tag}`;
    u.phone_numbers = [];
    u.primary_phone_number_id = null;
    u.last_active_at = newest + rank * 1000;
    data.users.push(u);
    return u.id;
  };
  const addSession = (userId: string, tag: string, i: number, status: 'active' | 'pending') => {
    const s = structuredClone(baseSession);
    s.id = `sess_bench${tag}${i}`;
    s.client_id = `client_bench${tag}${i}`;
    s.user_id = userId;
    s.status = status;
    s.actor = null;
    s.last_active_organization_id = null;
    s.last_active_at = now - i * 60_000;
    s.created_at = now - i * 3600_000;
    s.updated_at = s.last_active_at;
    s.expire_at = now + 7 * 86_400_000;
    s.abandon_at = now + 30 * 86_400_000;
    if (s.latest_activity) s.latest_activity = { ...s.latest_activity, id: `sess_activity_bench${tag}${i}` };
    if (status === 'pending') s.tasks = [{ key: 'choose-organization' }];
    else delete s.tasks;
    data.sessions.push(s);
  };
  const richUsers = ['RichA', 'RichB'].map((tag, k) => {
    const id = addUser(tag, 3 - k);
    for (let i = 0; i < sessionsEach; i++) addSession(id, tag, i, 'active');
    return id;
  });
  const pendingUser = addUser('Pending', 1);
  addSession(pendingUser, 'Pending', 0, 'active');
  addSession(pendingUser, 'Pending', 1, 'pending');
  return { richUsers, pendingUser, sessionsEach, pageThrough: o.pageThrough ?? 2000, totalUsers: data.users.length };
}
