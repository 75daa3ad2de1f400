/**
 * Holds the write lock of a SQLite database for the store's concurrency tests, as another process opening
 * the same new file would: a rollback-journal write transaction, held for some milliseconds, then
 * committed. Prints "locked" once it holds the lock. Usage: node sqlite-lock-holder.js <path> <ms>
 */
import Database from 'better-sqlite3';

const [path, ms] = process.argv.slice(2);
const db = new Database(path!);
db.exec('BEGIN IMMEDIATE');
db.exec('CREATE TABLE held_by_another_process (id INTEGER)');
process.stdout.write('locked\n');
setTimeout(() => {
  db.exec('COMMIT');
  db.close();
}, Number(ms));
