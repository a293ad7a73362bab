// A worksheet text field that loses nothing: it sends the text after a short pause in typing (and
// when the field is left), keeps a draft in this browser's localStorage until the server has the
// text, restores that draft after a reload and sends it again. Text over the limit stays on screen
// with a message and is not sent (the server would refuse it); it is never cut. The server's value
// (data.value) replaces the text on screen when it changes - a table member's merge or a refresh -
// unless the participant typed since; then the next send names the text it was typed over, so the
// server keeps both. While a send goes unanswered (the server or the network is away) the field says
// the text is kept on this device, and keeps sending it until the server has it. User text only ever
// reaches the DOM as a form value or textContent.

const FIELDS = new WeakMap();
const PAUSE_MS = 800;
const RETRY_MS = 3000;  // the first resend of an unanswered text; each next one waits twice as long
const RETRY_MAX_MS = 12000;

// A tap or click on a button (Next, Submit) takes the focus from the box, which sends its text as it
// loses it. Streamlit's frontend sends the events of one moment as one message, under the fragment of
// the first: sent between the button's press and its click, the text went first, under its own
// fragment, and the press was lost (the button had to be pressed twice). So the send waits
// until the press is over: the click goes first and the text joins its message. (The server submits
// after the text's callback: ui/worksheet_form._ask_submit.)
let pressing = false;
document.addEventListener("pointerdown", () => { pressing = true; }, true);
for (const end of ["pointerup", "pointercancel"]) document.addEventListener(end, () => { pressing = false; }, true);

function afterPress(send) {
  if (!pressing) {
    setTimeout(send, 0);  // a touch's click comes in the task of the focus change: after it
    return;
  }
  let sent = false;
  const done = () => {
    if (sent) return;
    sent = true;
    clearTimeout(fallback);
    document.removeEventListener("pointerup", done, true);
    document.removeEventListener("pointercancel", done, true);
    setTimeout(send, 0);  // after the click that follows the pointer's release
  };
  const fallback = setTimeout(done, 1000);  // a release the page never saw (outside the window)
  document.addEventListener("pointerup", done, true);
  document.addEventListener("pointercancel", done, true);
}

export default function (component) {
  const { parentElement, setTriggerValue } = component;
  const data = component.data[0];  // ui/component_state.py sends it as a one-item list
  let field = FIELDS.get(parentElement);
  if (!field) {
    field = setUp(parentElement, data);
    FIELDS.set(parentElement, field);
  }
  field.send = setTriggerValue;  // one event per send; a newer text supersedes an unsent older one
  update(field, data);
  return () => clearTimeout(field.timer);
}

function setUp(root, data) {
  const q = (selector) => root.querySelector(selector);
  const field = { root, q, seq: 0, server: null, lastSent: null, forceBase: undefined, mounted: false,
    waiting: false, retryMs: RETRY_MS };
  // A one-line field holding a merge of two texts (with line breaks) is shown whole, in a text area.
  makeBox(field, data.multiline || (data.value || "").includes("\n"));
  window.addEventListener("online", () => flush(field));
  window.addEventListener("offline", () => {  // "not saved yet" only when something is waiting to be
    if (!same(field, field.box.value, field.server)) { field.waiting = true; show(field); }
  });
  return field;
}

function makeBox(field, multiline) {
  const box = document.createElement(multiline ? "textarea" : "input");
  if (!multiline) box.type = "text";
  box.id = `box-${Math.random().toString(36).slice(2, 10)}`;
  field.q(".label").htmlFor = box.id;
  field.q(".help").id = `${box.id}-help`;
  box.setAttribute("aria-describedby", field.q(".help").id);
  box.addEventListener("input", () => typed(field));
  box.addEventListener("blur", () => {
    clearTimeout(field.timer);  // no send from the typing pause in the middle of a press
    afterPress(() => flush(field));
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !multiline) flush(field);
  });
  if (field.box) {
    box.value = field.box.value;
    field.box.replaceWith(box);
  } else {
    field.q(".box").append(box);
  }
  field.box = box;
  field.multiline = multiline;
}

function same(field, shown, stored) {
  // A one-line input drops line breaks from what it is given: that is not an edit.
  return shown === stored || (!field.multiline && shown === (stored || "").replace(/[\r\n]/g, ""));
}

function text(field, key, values) {
  let out = (field.data.text || {})[key] || "";
  for (const [name, value] of Object.entries(values || {})) out = out.split(`{${name}}`).join(String(value));
  return out;
}

function draftKey(field) {
  return `booster-draft:${field.data.draft_key}`;
}

function readDraft(field) {
  try {
    return JSON.parse(window.localStorage.getItem(draftKey(field)) || "null");
  } catch (error) {
    return null;
  }
}

function writeDraft(field) {
  try {
    // The base is the last text the server confirmed: a send it never confirmed may be lost.
    window.localStorage.setItem(draftKey(field), JSON.stringify({ text: field.box.value, base: field.server,
      at: Date.now() }));
  } catch (error) { /* storage full or blocked: the server copy still follows */ }
}

function answers(field, value) {
  // The server's value holds the last text sent: it is that send's answer (merged or not).
  const sent = field.lastSent !== null ? field.lastSent : field.box.value;
  return sent !== "" && value.includes(sent);
}

function clearDraft(field) {
  try { window.localStorage.removeItem(draftKey(field)); } catch (error) { /* nothing kept */ }
}

function update(field, data) {
  if (!field.multiline && (data.value || "").includes("\n")) makeBox(field, true);
  const { q, box } = field;
  field.data = data;
  q(".label-text").textContent = data.label;
  q(".req").textContent = data.required ? "*" : "";
  q(".help").textContent = data.help || "";
  q(".help").hidden = !data.help;
  box.setAttribute("aria-required", String(Boolean(data.required)));
  box.disabled = Boolean(data.disabled);
  const value = data.value || "";
  if (!field.mounted) {
    field.mounted = true;
    field.server = value;
    const draft = readDraft(field);
    if (draft && typeof draft.text === "string" && !same(field, draft.text, value) && !data.disabled) {
      box.value = draft.text;  // typed here before a reload or a lost connection: send it now
      if (typeof draft.base === "string" && draft.base !== value) field.forceBase = draft.base;
      field.restored = true;
      flush(field);
    } else {
      box.value = value;
      if (draft) clearDraft(field);
    }
  } else if (data.kept) {
    // The server holds this field's last send for a retry (its store could not take it): the value it
    // draws is that unsaved text, not a confirmation. The last confirmed value stays the base of the
    // draft and of the next send, and the resends go on, in case this server session is replaced.
    field.waiting = true;
  } else if (value !== field.server) {
    const typedSince = !same(field, box.value, field.lastSent !== null ? field.lastSent : field.server);
    if (field.waiting && !answers(field, value)) {
      // A send still unanswered and a value without its text (a reconnected or restarted server
      // drawing its own value first): the server never had this text, so it stays, typed over the
      // last value this field showed. A value holding the text is the answer (a table member's merge).
      if (field.forceBase === undefined) field.forceBase = field.server;
    } else if (typedSince) field.forceBase = field.lastSent !== null ? field.lastSent : field.server;
    else box.value = value;
    field.server = value;
  }
  if (same(field, box.value, field.server) && !data.kept) {
    field.waiting = false;
    field.retryMs = RETRY_MS;
    field.lastSent = null;
    field.forceBase = undefined;
    clearDraft(field);
  }
  show(field);
  if (data.alert_token && data.alert_token !== field.alertToken) {
    field.alertToken = data.alert_token;
    box.scrollIntoView({ block: "center" });
    box.focus();
  }
}

function allowed(field) {
  // A merge may have stored more than the limit; shortening such a text must stay possible.
  return Math.max(field.data.limit, (field.server || "").length);
}

function show(field) {
  const { q, box, data } = field;
  const length = box.value.length;
  const over = length > data.limit;
  q(".counter").textContent = text(field, "counter", { n: length, max: data.limit });
  field.root.querySelector(".field").classList.toggle("over", over);
  const missing = Boolean(data.alert) && !box.value.trim();
  field.root.querySelector(".field").classList.toggle("invalid", missing);
  box.setAttribute("aria-invalid", String(over || missing));
  const message = q(".message");
  message.hidden = !(over || missing);
  message.textContent = over ? text(field, "too_long", { n: length - data.limit, max: data.limit })
    : (missing ? data.alert : "");
  const pending = !same(field, box.value, field.server);
  let status = "";
  if (pending && field.restored && !field.waiting) status = text(field, "restored");
  else if (pending && length > allowed(field)) status = text(field, "not_saved");
  else if (pending && field.waiting) status = text(field, "offline");
  else if (pending && field.lastSent !== null && field.lastSent === box.value) status = text(field, "saving");
  else if (!pending && field.lastSaved) status = text(field, "saved");
  q(".status").textContent = status;
}

function typed(field) {
  field.restored = false;
  writeDraft(field);
  show(field);
  clearTimeout(field.timer);
  field.timer = setTimeout(() => flush(field), PAUSE_MS);
}

function flush(field) {
  clearTimeout(field.timer);
  const value = field.box.value;
  if (field.data.disabled || same(field, value, field.server) || value.length > allowed(field)) {
    show(field);
    return;
  }
  field.seq += 1;
  // `shown`: the server's text this field last showed - the base when the server session is new
  // (a reconnect after a crash), which does not know what this browser typed over.
  const event = { text: value, seq: field.seq, shown: field.server };
  if (field.forceBase !== undefined) event.base = field.forceBase;
  field.lastSent = value;
  field.lastSaved = true;
  writeDraft(field);
  field.send("value", event);
  show(field);
  // If no answer comes (the server is away), send again, less often each time (the draft stays until
  // the text is stored): on a restarted, busy server a resend every 3 s can cut each new first run
  // short before it has drawn this field, whose events the new session does not know yet.
  field.timer = setTimeout(() => { if (!same(field, field.box.value, field.server)) resend(field); },
    field.retryMs);
}

function resend(field) {
  field.waiting = true;  // no answer in time: say so until the server has the text
  field.retryMs = Math.min(field.retryMs * 2, RETRY_MAX_MS);
  field.lastSent = null;
  flush(field);
}
