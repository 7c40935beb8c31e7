// The field app for community interviews offline (/teren/, docs/offline.md).
//
// - "Download today's interviews" starts the drafts of the day's tasks (POST prepare-day/), then reads the
//   interviews assigned to the signed-in worker for today and their
//   questionnaires from the API and keeps them, sealed, in IndexedDB (store.js).
// - An interview's form is drawn here from its questionnaire's structure; every change is kept on the device
//   at once.
// - "Send" (and by itself when the network comes back) sends each changed interview with the revision it was
//   based on. When the server's copy changed meanwhile (409) the answers changed on both sides are shown one
//   by one, each with the worker's value and the server's, and the worker chooses; the other answers changed
//   on the server are taken as they are, and the worker's own other changes are kept. Nothing typed is
//   dropped without the worker choosing so.
// - A session that ended (403 on sending) keeps everything on the device and asks to sign in again.
// The page's texts come from the template (gettext), in the JSON data block #field-texts.
import * as store from "./store.js";

const root = document.getElementById("field-app");
const T = JSON.parse(document.getElementById("field-texts").textContent);
const config = {
  user: root.dataset.user,
  csrf: root.dataset.csrf,
  interviewsUrl: root.dataset.interviewsUrl,
  formsUrl: root.dataset.formsUrl,
  workerUrl: root.dataset.workerUrl,
  scope: root.dataset.scope,
  pageUrl: root.dataset.pageUrl,
  loginUrl: root.dataset.loginUrl,
};

const $ = (id) => document.getElementById(id);
const statusLine = $("field-status");
const alertBox = $("field-alert");
const listSection = $("field-list");
const listItems = $("field-items");
const emptyNote = $("field-empty");
const interviewSection = $("field-interview");
const form = $("field-form");
const conflictBox = $("field-conflicts");
const downloadButton = $("field-download");
const sendButton = $("field-send");

const docs = new Map(); // interview id -> the decrypted record (see `fresh` for its shape)
const forms = new Map(); // questionnaire id -> structure
let message = "";
let blocked = false; // the device holds another user's data
let sending = null;

// --- small helpers -----------------------------------------------------------------------------------------

function fmt(text, values) {
  return text.replace(/%\((\w+)\)s/g, (all, name) => (name in values ? String(values[name]) : all));
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function isEmpty(value) {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

function same(a, b) {
  if (isEmpty(a) && isEmpty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameAnswers(a, b) {
  const keys = new Set([...Object.keys(a || {}), ...Object.keys(b || {})]);
  for (const key of keys) if (!same(a[key], b[key])) return false;
  return true;
}

function clone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** 2026-12-04 -> 04.12.2026, as Szansa prints dates. */
function dateText(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return match ? `${match[3]}.${match[2]}.${match[1]}` : iso;
}

function questionsOf(structure) {
  const found = new Map();
  for (const part of structure.parts || [])
    for (const segment of part.segments || []) for (const q of segment.questions || []) found.set(q.code, q);
  return found;
}

/** An answer as the worker reads it: Yes/No, a choice's label, "(no answer)". */
function display(question, value) {
  if (isEmpty(value)) return T.empty;
  if (!question) return Array.isArray(value) ? value.join(", ") : String(value);
  const label = (v) => {
    const choice = (question.choices || []).find((c) => String(c.value) === String(v));
    return choice ? choice.label : String(v);
  };
  if (question.type === "boolean") return value === true || value === "true" ? T.yes : T.no;
  if (question.type === "multichoice") return (Array.isArray(value) ? value : [value]).map(label).join(", ");
  if (question.type === "choice") return label(value);
  return String(value);
}

// --- the local records -------------------------------------------------------------------------------------

/** A record made from the server's interview: what the server has (`base`, at `revision`), what the worker
 * has (`answers`), and a pending conflict. */
function fresh(item) {
  return {
    id: item.id,
    item,
    revision: item.revision,
    base: clone(item.answers || {}),
    answers: clone(item.answers || {}),
    unsent: false,
    conflict: null,
    error: "",
  };
}

let writing = Promise.resolve();
function persist(doc) {
  doc.unsent = Boolean(doc.conflict) || !sameAnswers(doc.answers, doc.base);
  writing = writing.then(() => store.putInterview(doc)).catch((error) => say(String(error)));
  return writing;
}

function unsentCount() {
  return [...docs.values()].filter((doc) => doc.unsent || doc.conflict).length;
}

// --- status line -------------------------------------------------------------------------------------------

function updateStatus() {
  const parts = [navigator.onLine ? T.online : T.offline];
  const unsent = unsentCount();
  parts.push(unsent ? fmt(T.unsent, { n: unsent }) : T.nothingUnsent);
  if (message) parts.push(message);
  statusLine.textContent = parts.join(" · ");
  sendButton.disabled = blocked || !unsent;
  downloadButton.disabled = blocked;
}

function say(text) {
  message = text;
  updateStatus();
}

function alertWith(text, link) {
  alertBox.replaceChildren();
  if (!text) return;
  alertBox.append(el("p", { text }));
  if (link) alertBox.append(el("p", {}, el("a", { href: link.href, text: link.text })));
}

// --- the list and the interview ----------------------------------------------------------------------------

function badge(doc) {
  if (doc.conflict) return el("span", { className: "badge bad", text: T.badgeConflict });
  if (doc.error) return el("span", { className: "badge bad", text: T.badgeRefused });
  if (doc.unsent) return el("span", { className: "badge warn", text: T.badgeUnsent });
  return el("span", { className: "badge ok", text: T.badgeSaved });
}

function renderList() {
  const sorted = [...docs.values()].sort((a, b) => String(a.item.person_name).localeCompare(b.item.person_name));
  listItems.replaceChildren(
    ...sorted.map((doc) => {
      const item = doc.item;
      const details = [item.address, item.due_on ? fmt(T.due, { date: dateText(item.due_on) }) : ""].filter(Boolean);
      return el(
        "li",
        {},
        el("a", { href: `#wywiad-${doc.id}`, text: item.person_name || fmt(T.interviewNo, { id: doc.id }) }),
        " ",
        badge(doc),
        details.length ? el("span", { className: "muted", text: " · " + details.join(" · ") }) : null,
      );
    }),
  );
  emptyNote.hidden = docs.size > 0;
}

function openId() {
  const match = /^#wywiad-(\d+)$/.exec(location.hash);
  return match ? Number(match[1]) : null;
}

function fieldId(index, suffix = "") {
  return `q${index}${suffix}`;
}

function questionField(question, index, value) {
  const id = fieldId(index);
  const label = question.required ? `${question.label} (${T.required})` : question.label;
  const common = { "data-code": question.code, "aria-required": question.required ? "true" : false };
  if (question.type === "boolean" || question.type === "multichoice") {
    const options =
      question.type === "boolean"
        ? [
            { value: "true", label: T.yes },
            { value: "false", label: T.no },
          ]
        : question.choices || [];
    const chosen = question.type === "boolean" ? (isEmpty(value) ? "" : String(value)) : (value || []).map(String);
    const group = el("fieldset", { className: "field-group", ...common }, el("legend", { text: label }));
    options.forEach((option, n) => {
      const optionId = fieldId(index, `-${n}`);
      const checked =
        question.type === "boolean" ? chosen === String(option.value) : chosen.includes(String(option.value));
      group.append(
        el(
          "div",
          { className: "check" },
          el("input", {
            type: question.type === "boolean" ? "radio" : "checkbox",
            id: optionId,
            name: id,
            value: String(option.value),
            checked,
          }),
          el("label", { for: optionId, text: option.label }),
        ),
      );
    });
    return group;
  }
  let input;
  if (question.type === "textarea") {
    input = el("textarea", { id, name: id, rows: "4", ...common });
    input.value = isEmpty(value) ? "" : String(value);
  } else if (question.type === "choice") {
    input = el("select", { id, name: id, ...common }, el("option", { value: "", text: T.choose }));
    for (const choice of question.choices || []) {
      input.append(el("option", { value: String(choice.value), text: choice.label }));
    }
    input.value = isEmpty(value) ? "" : String(value);
  } else {
    const kinds = {
      date: { type: "date" },
      number: { type: "text", inputmode: "decimal" },
      money: { type: "text", inputmode: "decimal" },
    };
    input = el("input", { id, name: id, ...(kinds[question.type] || { type: "text" }), ...common });
    input.value = isEmpty(value) ? "" : String(value);
  }
  return el("div", { className: "field" }, el("label", { for: id, text: label }), input);
}

function renderForm(doc) {
  const structure = forms.get(doc.item.questionnaire);
  form.replaceChildren();
  if (!structure) {
    form.append(el("p", { className: "error", text: T.noForm }));
    return;
  }
  let index = 0;
  // A part names the interview kinds that use it (none named: every kind), as the server reads it.
  const usedBy = (part) => !(part.kinds || []).length || part.kinds.includes(doc.item.kind);
  const parts = (structure.parts || []).filter(usedBy);
  for (const part of parts) {
    const section = el("section", { className: "field-part" }, el("h3", { text: part.title }));
    for (const segment of part.segments || []) {
      const legend = segment.required ? `${segment.title} (${T.required})` : segment.title;
      const box = el("fieldset", {}, el("legend", { text: legend }));
      for (const question of segment.questions || []) {
        box.append(questionField(question, index++, doc.answers[question.code]));
      }
      section.append(box);
    }
    form.append(section);
  }
}

function renderConflicts(doc) {
  conflictBox.replaceChildren();
  conflictBox.hidden = !doc.conflict;
  if (!doc.conflict) return;
  const questions = questionsOf(forms.get(doc.item.questionnaire) || {});
  const heading = el("h3", { id: "field-conflict-title", text: T.conflictTitle });
  const choices = el("form", { id: "field-conflict-form", "aria-labelledby": "field-conflict-title" });
  doc.conflict.conflicts.forEach((conflict, n) => {
    const question = questions.get(conflict.question);
    const mine = doc.answers[conflict.question];
    const group = el("fieldset", { className: "field-group conflict" }, el("legend", { text: conflict.label }));
    for (const [value, text] of [
      ["mine", fmt(T.keepMine, { value: display(question, mine) })],
      ["server", fmt(T.takeServer, { value: display(question, conflict.server) })],
    ]) {
      const id = `c${n}-${value}`;
      group.append(
        el(
          "div",
          { className: "check" },
          el("input", {
            type: "radio",
            id,
            name: `c${n}`,
            value,
            checked: value === "mine",
            "data-question": conflict.question,
          }),
          el("label", { for: id, text }),
        ),
      );
    }
    choices.append(group);
  });
  choices.append(el("button", { type: "submit", className: "button", text: T.applyConflict }));
  choices.addEventListener("submit", (event) => {
    event.preventDefault();
    resolveConflict(doc, choices);
  });
  conflictBox.append(heading, el("p", { text: T.conflictHelp }), choices);
}

function renderInterview() {
  const id = openId();
  const doc = id === null || blocked ? null : docs.get(id);
  listSection.hidden = Boolean(doc);
  interviewSection.hidden = !doc;
  if (!doc) {
    renderList();
    return;
  }
  const item = doc.item;
  $("field-interview-title").textContent = item.person_name || fmt(T.interviewNo, { id: doc.id });
  const details = [item.address, item.due_on ? fmt(T.due, { date: dateText(item.due_on) }) : ""].filter(Boolean);
  $("field-interview-details").textContent = details.join(" · ");
  $("field-interview-error").textContent = doc.error || "";
  renderConflicts(doc);
  renderForm(doc);
}

/** After a send changed the open interview: its conflict panel and the fields the worker is not in. */
function refreshOpen(doc) {
  if (openId() !== doc.id) {
    if (interviewSection.hidden) renderList();
    return;
  }
  $("field-interview-error").textContent = doc.error || "";
  renderConflicts(doc);
  // The answers the server's copy brought in are shown; the field the worker is in keeps what they type.
  const focused = document.activeElement;
  for (const holder of form.querySelectorAll("[data-code]")) {
    if (!holder.contains(focused)) showValue(holder, doc.answers[holder.dataset.code]);
  }
}

function showValue(holder, value) {
  if (holder.tagName === "FIELDSET") {
    const chosen = Array.isArray(value) ? value.map(String) : isEmpty(value) ? [] : [String(value)];
    for (const box of holder.querySelectorAll("input")) box.checked = chosen.includes(box.value);
  } else {
    holder.value = isEmpty(value) ? "" : String(value);
  }
}

function valueOf(target) {
  const holder = target.closest("[data-code]");
  const code = holder.dataset.code;
  if (holder.tagName === "FIELDSET") {
    const boxes = [...holder.querySelectorAll("input")];
    if (boxes[0] && boxes[0].type === "radio") {
      const checked = boxes.find((box) => box.checked);
      return [code, checked ? checked.value === "true" : undefined];
    }
    return [code, boxes.filter((box) => box.checked).map((box) => box.value)];
  }
  return [code, holder.value === "" ? undefined : holder.value];
}

function onInput(event) {
  const doc = docs.get(openId());
  if (!doc || !event.target.closest("[data-code]")) return;
  const [code, value] = valueOf(event.target);
  if (isEmpty(value)) delete doc.answers[code];
  else doc.answers[code] = value;
  doc.error = "";
  persist(doc);
  updateStatus();
}

// --- the server --------------------------------------------------------------------------------------------

async function api(url, options = {}) {
  const headers = { Accept: "application/json", ...(options.headers || {}) };
  if (options.body) {
    headers["Content-Type"] = "application/json";
    headers["X-CSRFToken"] = config.csrf;
  }
  return fetch(url, { credentials: "same-origin", cache: "no-store", ...options, headers });
}

/** A page loaded from the cache may carry an older CSRF token: read the current one from a fresh page.
 * False when the session is gone (the page redirects to sign-in). */
async function refreshToken() {
  const response = await fetch(config.pageUrl, { credentials: "same-origin", cache: "no-store" });
  if (!response.ok || response.redirected) return false;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = page.getElementById("field-app");
  if (!fresh || fresh.dataset.user !== config.user) return false;
  config.csrf = fresh.dataset.csrf;
  return true;
}

function sessionEnded() {
  alertWith(T.sessionEnded, { href: config.loginUrl, text: T.signIn });
}

async function readAll(url) {
  const items = [];
  while (url) {
    const response = await api(url);
    if (response.status === 401 || response.status === 403) throw new Error("session");
    if (!response.ok) throw new Error(String(response.status));
    const body = await response.json();
    if (Array.isArray(body)) {
      items.push(...body);
      url = null;
    } else {
      items.push(...(body.results || []));
      url = body.next || null;
    }
  }
  return items;
}

/** Start the drafts of the day's interview tasks on the server (a POST: reading the list changes nothing).
 * A role that may not start interviews is refused: the list then holds what there is. */
async function prepareDay(day, retried = false) {
  const response = await api(`${config.interviewsUrl}prepare-day/`, {
    method: "POST",
    body: JSON.stringify({ day }),
  });
  if (response.status === 401) throw new Error("session");
  if (response.status === 403) {
    if (retried) return;
    if (await refreshToken()) return prepareDay(day, true);
    throw new Error("session");
  }
  if (!response.ok) throw new Error(String(response.status));
}

async function download() {
  if (!navigator.onLine) {
    say(T.needsNetwork);
    return;
  }
  say(T.downloading);
  alertWith("");
  try {
    await prepareDay(today());
    const url = `${config.interviewsUrl}?${new URLSearchParams({ assigned: "me", day: today() })}`;
    const items = await readAll(url);
    const needed = [...new Set(items.map((item) => item.questionnaire))];
    const structures = [];
    for (const id of needed) {
      const response = await api(`${config.formsUrl}${id}/`);
      if (response.status === 401 || response.status === 403) throw new Error("session");
      if (!response.ok) throw new Error(String(response.status));
      structures.push(await response.json());
    }
    await store.ensureKey();
    await store.setMeta("owner", config.user);
    let kept = 0;
    const ids = new Set(items.map((item) => item.id));
    for (const item of items) {
      const old = docs.get(item.id);
      if (old && (old.unsent || old.conflict)) {
        // The worker's changes stay; the server's newer state shows as a conflict when they are sent.
        old.item = { ...item, answers: old.item.answers };
        kept += 1;
        await persist(old);
        continue;
      }
      const doc = fresh(item);
      docs.set(item.id, doc);
      await persist(doc);
    }
    for (const [id, doc] of [...docs]) {
      if (ids.has(id) || doc.unsent || doc.conflict) continue;
      docs.delete(id);
      await store.deleteInterview(id);
    }
    const stillNeeded = new Set([...docs.values()].map((doc) => doc.item.questionnaire));
    for (const structure of structures) {
      forms.set(structure.id, structure);
      await store.putForm(structure);
    }
    for (const id of [...forms.keys()]) {
      if (!stillNeeded.has(id)) {
        forms.delete(id);
        await store.deleteForm(id);
      }
    }
    await store.setMeta("downloaded", { day: today(), at: new Date().toISOString() });
    say(fmt(kept ? T.downloadedKept : T.downloaded, { n: items.length, kept }));
  } catch (error) {
    if (error.message === "session") {
      sessionEnded();
      say(T.notSent);
    } else {
      say(fmt(T.downloadFailed, { error: error.message }));
    }
  }
  renderInterview();
}

/** The answers the server's newer copy changed where the worker changed nothing are taken. */
function takeServerChanges(doc, base, server, except = new Set()) {
  const keys = new Set([...Object.keys(base), ...Object.keys(server), ...Object.keys(doc.answers)]);
  for (const key of keys) {
    if (except.has(key) || !same(doc.answers[key], base[key])) continue;
    if (isEmpty(server[key])) delete doc.answers[key];
    else doc.answers[key] = clone(server[key]);
  }
}

async function sendOne(doc, retried = false) {
  const sent = clone(doc.answers);
  const response = await api(`${config.interviewsUrl}${doc.id}/`, {
    method: "PATCH",
    body: JSON.stringify({ answers: sent, base_revision: doc.revision }),
  });
  if (response.status === 403 || response.status === 401) {
    if (!retried && (await refreshToken())) return sendOne(doc, true);
    throw new Error("session");
  }
  const body = await response.json().catch(() => ({}));
  if (response.ok) {
    // What the worker typed while this was on its way stays theirs.
    const server = body.answers || {};
    const keys = new Set([...Object.keys(sent), ...Object.keys(doc.answers), ...Object.keys(server)]);
    for (const key of keys) {
      if (!same(doc.answers[key], sent[key])) continue;
      if (isEmpty(server[key])) delete doc.answers[key];
      else doc.answers[key] = clone(server[key]);
    }
    doc.item = body;
    doc.base = clone(server);
    doc.revision = body.revision;
    doc.error = "";
    await persist(doc);
    return "sent";
  }
  if (response.status === 409) {
    const server = body.answers || {};
    const conflicts = body.conflicts || [];
    takeServerChanges(doc, doc.base, server, new Set(conflicts.map((c) => c.question)));
    if (conflicts.length) {
      doc.conflict = { revision: body.revision, answers: clone(server), conflicts };
    } else {
      // Nothing to choose: the worker's changes go on the server's newer copy at the next send.
      doc.base = clone(server);
      doc.revision = body.revision;
    }
    await persist(doc);
    return conflicts.length ? "conflict" : "rebased";
  }
  doc.error = fmt(T.refused, { error: errorText(body, doc) || String(response.status) });
  await persist(doc);
  return "refused";
}

/** A refusal as the worker reads it: each message after its question's label. */
function errorText(body, doc) {
  if (!body || typeof body !== "object") return "";
  if (body.detail) return String(body.detail);
  const questions = questionsOf(forms.get(doc.item.questionnaire) || {});
  return Object.entries(body)
    .map(([field, errors]) => {
      const name = questions.has(field) ? questions.get(field).label : field;
      const text = [].concat(errors).map((e) => (typeof e === "object" ? JSON.stringify(e) : e));
      return `${name}: ${text.join(" ")}`;
    })
    .join("; ");
}

async function sendAll() {
  if (sending) return sending;
  sending = (async () => {
    let sentCount = 0;
    let conflicts = 0;
    let refused = 0;
    if (!navigator.onLine) {
      say(T.needsNetworkToSend);
      return;
    }
    say(T.sending);
    alertWith("");
    try {
      // Rebased records are sent again in the same pass (at most twice); a refused one waits for the next.
      const refusedNow = new Set();
      for (let round = 0; round < 2; round += 1) {
        const waiting = [...docs.values()].filter((doc) => doc.unsent && !doc.conflict && !refusedNow.has(doc.id));
        if (!waiting.length) break;
        for (const doc of waiting) {
          const outcome = await sendOne(doc);
          if (outcome === "sent") sentCount += 1;
          else if (outcome === "conflict") conflicts += 1;
          else if (outcome === "refused") {
            refused += 1;
            refusedNow.add(doc.id);
          }
          refreshOpen(doc);
        }
      }
      const parts = [];
      if (sentCount) parts.push(fmt(T.sent, { n: sentCount }));
      if (conflicts) parts.push(fmt(T.conflicts, { n: conflicts }));
      if (refused) parts.push(fmt(T.refusedCount, { n: refused }));
      say(parts.join(" · ") || (unsentCount() ? T.notSent : T.allSent));
    } catch (error) {
      if (error.message === "session") sessionEnded();
      say(T.notSent);
    }
    renderList();
  })().finally(() => {
    sending = null;
  });
  return sending;
}

async function resolveConflict(doc, choicesForm) {
  const conflict = doc.conflict;
  for (const radio of choicesForm.querySelectorAll("input[type=radio]:checked")) {
    if (radio.value !== "server") continue;
    const entry = conflict.conflicts.find((c) => c.question === radio.dataset.question);
    if (isEmpty(entry.server)) delete doc.answers[entry.question];
    else doc.answers[entry.question] = clone(entry.server);
  }
  doc.base = clone(conflict.answers);
  doc.revision = conflict.revision;
  doc.conflict = null;
  await persist(doc);
  renderInterview();
  $("field-interview-title").focus();
  await sendAll();
}

// --- start -------------------------------------------------------------------------------------------------

async function wipeHere() {
  if (unsentCount() && !window.confirm(T.wipeConfirm)) return;
  await store.wipe();
  location.reload();
}

async function start() {
  if (!window.indexedDB || !window.crypto || !crypto.subtle || !navigator.serviceWorker) {
    alertWith(T.unsupported);
    downloadButton.disabled = true;
    sendButton.disabled = true;
    return;
  }
  navigator.serviceWorker.register(config.workerUrl, { scope: config.scope }).catch((error) => say(String(error)));
  const owner = (await store.exists()) ? await store.getMeta("owner") : undefined;
  if (owner !== undefined && owner !== config.user) {
    blocked = true;
    const unsent = await store.countUnsent();
    alertWith(fmt(T.otherUser, { n: unsent }));
    const wipeButton = el("button", { type: "button", className: "button secondary", text: T.wipe });
    wipeButton.addEventListener("click", wipeHere);
    alertBox.append(wipeButton);
  } else {
    for (const structure of await store.allForms()) forms.set(structure.id, structure);
    for (const doc of await store.allInterviews()) docs.set(doc.id, doc);
  }
  downloadButton.addEventListener("click", download);
  sendButton.addEventListener("click", sendAll);
  form.addEventListener("input", onInput);
  form.addEventListener("change", onInput);
  window.addEventListener("hashchange", () => {
    renderInterview();
    // The new view's heading takes the focus (a screen reader announces where the worker is).
    if (!interviewSection.hidden) $("field-interview-title").focus();
    else $("field-list-title").focus();
  });
  window.addEventListener("online", () => {
    updateStatus();
    if (unsentCount() && !blocked) sendAll();
  });
  window.addEventListener("offline", updateStatus);
  renderInterview();
  updateStatus();
  root.dataset.ready = "1";
  // Back online after the page was opened from the cache, or signed in again: what waits is sent.
  if (navigator.onLine && unsentCount() && !blocked) sendAll();
}

start();
