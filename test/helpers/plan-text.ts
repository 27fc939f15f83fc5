/** Test helper: a database with a small star schema, and the EXPLAIN text of a query. */
import { Database } from '../../sql/database.js';

/** A fresh in-memory database with tables f (fact), d1 and d2 (dimensions), a few rows each. */
export async function starDatabase(): Promise<Database> {
  const db = await Database.open();
  await db.exec(`
    CREATE TABLE f (k INTEGER, d INTEGER, v DOUBLE, q INTEGER);
    CREATE TABLE d1 (id INTEGER, name VARCHAR);
    CREATE TABLE d2 (id INTEGER, g VARCHAR);
    INSERT INTO f VALUES (1, 1, 1.5, 10), (2, 2, 2.5, 20), (2, 1, 3.5, 30), (3, NULL, 4.5, NULL);
    INSERT INTO d1 VALUES (1, 'a'), (2, 'b');
    INSERT INTO d2 VALUES (1, 'x'), (2, 'y'), (2, 'z');
  `);
  return db;
}

/** The logical (default) or physical plan of `sql` as EXPLAIN prints it. */
export async function planText(db: Database, sql: string, which: 'logical' | 'physical' = 'logical'): Promise<string> {
  const r = await db.query(`EXPLAIN ${sql}`);
  const row = r.rowArrays().find((x) => x[0] === `${which}_plan`);
  return String(row?.[1]);
}
