// The field app's local store (docs/offline.md): IndexedDB through idb (vendored by scripts/vendor-assets.sh),
// every interview and questionnaire sealed with AES-GCM by a non-extractable key kept in the same database.
//
// Database "szansa-teren", version 1:
//   meta        out-of-line keys: "key" (the CryptoKey), "owner" (the signed-in user's id at download),
//               "downloaded" ({day, at})
//   interviews  {id, iv, data, unsent}: `data` is the sealed record, `unsent` (a plain boolean) says whether it
//               holds changes not yet on the server, so sign-out can warn without opening the records
//   forms       {id, iv, data}: the sealed questionnaire structure
// The record's id is bound into the seal as additional data: a sealed record copied under another id does not open.
import { openDB, deleteDB } from "../../vendor/idb/idb-8.0.4.js";

export const DB_NAME = "szansa-teren";
export const CACHE_PREFIX = "szansa-teren-";
const VERSION = 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

let opened = null;

export function open() {
  if (!opened) {
    opened = openDB(DB_NAME, VERSION, {
      upgrade(db) {
        db.createObjectStore("meta");
        db.createObjectStore("interviews", { keyPath: "id" });
        db.createObjectStore("forms", { keyPath: "id" });
      },
      // Sign-out deletes the database: this page lets go of it at once.
      blocking(current, blocked, event) {
        event.target.close();
        opened = null;
      },
      terminated() {
        opened = null;
      },
    });
  }
  return opened;
}

/** Whether the database exists, without creating it (sign-out on a device that never used the app). */
export async function exists() {
  if (!indexedDB.databases) return true;
  const names = (await indexedDB.databases()).map((db) => db.name);
  return names.includes(DB_NAME);
}

export async function getMeta(name) {
  return (await open()).get("meta", name);
}

export async function setMeta(name, value) {
  return (await open()).put("meta", value, name);
}

/** The store's key, made (non-extractable AES-GCM, 256 bits) on the first download. */
export async function ensureKey() {
  const db = await open();
  let key = await db.get("meta", "key");
  if (!key) {
    key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
    await db.put("meta", key, "key");
  }
  return key;
}

async function seal(key, id, value) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(String(id)) },
    key,
    encoder.encode(JSON.stringify(value)),
  );
  return { iv, data };
}

async function unseal(key, record) {
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: record.iv, additionalData: encoder.encode(String(record.id)) },
    key,
    record.data,
  );
  return JSON.parse(decoder.decode(plain));
}

async function currentKey() {
  const key = await getMeta("key");
  if (!key) throw new Error("no key");
  return key;
}

export async function putInterview(doc) {
  const key = await currentKey();
  const sealed = await seal(key, "interview:" + doc.id, doc);
  await (await open()).put("interviews", { id: doc.id, ...sealed, unsent: Boolean(doc.unsent || doc.conflict) });
}

export async function deleteInterview(id) {
  await (await open()).delete("interviews", id);
}

export async function allInterviews() {
  const key = await getMeta("key");
  if (!key) return [];
  const records = await (await open()).getAll("interviews");
  return Promise.all(records.map((record) => unseal(key, { ...record, id: "interview:" + record.id })));
}

export async function putForm(form) {
  const key = await currentKey();
  const sealed = await seal(key, "form:" + form.id, form);
  await (await open()).put("forms", { id: form.id, ...sealed });
}

export async function allForms() {
  const key = await getMeta("key");
  if (!key) return [];
  const records = await (await open()).getAll("forms");
  return Promise.all(records.map((record) => unseal(key, { ...record, id: "form:" + record.id })));
}

export async function deleteForm(id) {
  await (await open()).delete("forms", id);
}

/** How many interviews hold changes the server does not have (read from the plain flag). */
export async function countUnsent() {
  if (!(await exists())) return 0;
  const records = await (await open()).getAll("interviews");
  return records.filter((record) => record.unsent).length;
}

/** Everything the app keeps on the device: the database (key included), the app's caches and its service
 * worker. */
export async function wipe() {
  if (opened) {
    (await opened).close();
    opened = null;
  }
  await deleteDB(DB_NAME);
  if (self.caches) {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX)).map((name) => caches.delete(name)));
  }
  if (navigator.serviceWorker) {
    const registrations = await navigator.serviceWorker.getRegistrations();
    await Promise.all(
      registrations.filter((r) => new URL(r.scope).pathname.startsWith("/teren/")).map((r) => r.unregister()),
    );
  }
}
