// The card-sort board: tap a card then a step, drag it (mouse anywhere on the card, touch by its
// handle), or use the keyboard. Every move and note is sent at once as an event with a sequence
// number; the server acknowledges what it applied, and anything unacknowledged is sent again, so
// a move made while the connection drops is not lost. A comment or better name is sent after a
// pause in typing and kept on this device (localStorage) until the server has it, so a reload
// sends it again. User text only ever goes in via textContent or a form value.

const BOARDS = new WeakMap();
// Per participant (draft_prefix): moves and notes the server has not acknowledged yet. Kept apart
// from the board's element, so a board drawn again in a new element still sends them.
const UNSENT = new Map();
const RESEND_MS = 4000;
const DRAG_START_PX = 6;
const NOTE_PAUSE_MS = 800;  // a comment is sent after this pause in typing, like the live text fields
const DRAFT = "booster-draft:";  // the live text fields' prefix: withdrawing forgets these too

export default function (component) {
  const { parentElement, setTriggerValue } = component;
  const data = component.data[0];  // ui/component_state.py sends it as a one-item list
  let board = BOARDS.get(parentElement);
  if (!board) {
    board = setUp(parentElement);
    BOARDS.set(parentElement, board);
    const kept = UNSENT.get(data.draft_prefix || "");
    if (kept) Object.assign(board, kept);  // the same client, sequence and unacknowledged events
  }
  board.send = setTriggerValue;
  board.data = data;
  const acked = (data.ack || {})[board.client] || 0;
  board.pending = board.pending.filter((event) => event.seq > acked);
  UNSENT.set(data.draft_prefix || "", { client: board.client, seq: board.seq, pending: board.pending });
  if (!board.draftsSent) {
    board.draftsSent = true;
    sendDrafts(board);  // comments typed before a reload or a lost connection
  }
  render(board);
  dropStoredDrafts(board);
  return () => clearTimeout(board.resendTimer);
}

function setUp(root) {
  const q = (selector) => root.querySelector(selector);
  const board = {
    root, q, pending: [], seq: 0, selected: null, noteOpen: false, drag: null, infoOpen: new Set(),
    client: Math.random().toString(36).slice(2, 10) + Date.now().toString(36),
  };
  q(".cancel").addEventListener("click", () => closeTray(board, true));
  q(".note-open").addEventListener("click", () => openNote(board));
  q(".note").addEventListener("submit", (event) => { event.preventDefault(); saveNote(board); });
  q(".comment").addEventListener("input", () => noteTyped(board));
  q(".better-name").addEventListener("input", () => noteTyped(board));
  q(".tray").addEventListener("keydown", (event) => trayKey(board, event));
  root.addEventListener("pointerdown", (event) => pointerDown(board, event));
  return board;
}

// ---- what the board shows -------------------------------------------------------------------

function placements(board) {
  const placed = { ...(board.data.placements || {}) };
  for (const event of board.pending) {
    if (event.kind === "move") {
      if (event.pile) placed[event.card] = event.pile; else delete placed[event.card];
    }
  }
  return placed;
}

function notes(board) {
  const comments = { ...(board.data.comments || {}) };
  const names = { ...(board.data.names || {}) };
  for (const event of board.pending) {
    if (event.kind === "note") {
      if (event.comment !== null) comments[event.card] = event.comment;
      if (event.name !== null) names[event.card] = event.name;
    }
  }
  return { comments, names };
}

function text(board, key, values) {
  let out = (board.data.text || {})[key] || "";  // a missing word shows nothing, never its key
  for (const [name, value] of Object.entries(values || {})) out = out.split(`{${name}}`).join(String(value));
  return out;
}

function touchScreen() {
  return window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
}

function render(board) {
  const { q, data } = board;
  if (board.drag && board.drag.started) {  // redrawing would move the card under the finger
    board.renderLater = true;
    return;
  }
  const focusedCard = activeCard(board);
  q(".how").textContent = text(board, touchScreen() ? "how_touch" : "how_mouse");
  q(".how-keys").textContent = text(board, "how_keys");
  q(".deck-title").textContent = text(board, "unsorted");
  const lists = pileLists(board);
  const placed = placements(board);
  const { comments, names } = notes(board);
  const deck = q(".deck .cards");
  const wanted = new Map([[deck, []], ...Object.values(lists).map(({ list }) => [list, []])]);
  for (const card of data.cards) {
    const pile = placed[card.id];
    const list = pile && lists[pile] ? lists[pile].list : deck;
    wanted.get(list).push(cardElement(board, card, Boolean(comments[card.id] || names[card.id])));
  }
  // Only lists whose cards changed are redrawn, so a card being touched stays where it is.
  for (const [list, items] of wanted) {
    const same = list.children.length === items.length && items.every((el, i) => list.children[i] === el);
    if (!same) list.replaceChildren(...items);
  }
  for (const { list, count } of Object.values(lists)) count.textContent = `(${list.children.length})`;
  const empty = q(".deck-empty");
  empty.hidden = wanted.get(deck).length > 0;
  empty.textContent = text(board, "all_sorted");
  if (focusedCard && !board.root.activeElement) focusCard(board, focusedCard);  // only focus a redraw lost
  if (board.selected && !data.cards.some((card) => card.id === board.selected)) closeTray(board, false);
  scheduleResend(board);
}

function pileLists(board) {
  const signature = JSON.stringify(board.data.piles);
  if (board.pileSignature === signature) return board.lists;
  const piles = board.q(".piles");
  piles.replaceChildren();
  board.lists = {};
  for (const pile of board.data.piles) {
    const section = document.createElement("section");
    section.className = "pile";
    section.dataset.drop = pile.id;
    const title = document.createElement("h3");
    title.textContent = pile.label;
    const count = document.createElement("span");
    count.className = "count";
    title.append(" ", count);
    const list = document.createElement("div");
    list.className = "cards";
    list.setAttribute("role", "list");
    section.append(title, list);
    piles.append(section);
    board.lists[pile.id] = { list, count };
  }
  board.pileSignature = signature;
  return board.lists;
}

function cardElement(board, card, hasNote) {
  board.cardEls = board.cardEls || new Map();
  let item = board.cardEls.get(card.id);
  if (!item) {
    item = buildCard(board, card);
    board.cardEls.set(card.id, item);
  }
  item.querySelector(".card-main").textContent = card.label;
  item.querySelector(".desc").textContent = card.description;
  item.classList.toggle("has-note", hasNote);
  item.classList.toggle("selected", board.selected === card.id);
  item.classList.toggle("info-open", board.infoOpen.has(card.id));
  item.querySelector(".info").setAttribute("aria-expanded", String(board.infoOpen.has(card.id)));
  return item;
}

function buildCard(board, card) {
  const item = document.createElement("div");
  item.className = "card";
  item.dataset.card = card.id;
  item.setAttribute("role", "listitem");
  const main = document.createElement("button");
  main.type = "button";
  main.className = "card-main";
  main.setAttribute("aria-pressed", "false");
  main.setAttribute("aria-describedby", `desc-${card.id}`);
  main.addEventListener("click", (event) => {  // detail 0: Enter or Space, not a tap
    if (board.justDragged) return;
    board.selected === card.id ? closeTray(board, true) : openTray(board, card.id, event.detail === 0);
  });
  main.addEventListener("keydown", (event) => cardKey(board, card.id, event));
  const info = document.createElement("button");
  info.type = "button";
  info.className = "info";
  info.textContent = "i";
  info.setAttribute("aria-label", `${text(board, "what_it_means")}: ${card.label}`);
  info.setAttribute("aria-controls", `desc-${card.id}`);
  info.addEventListener("click", () => {
    board.infoOpen.has(card.id) ? board.infoOpen.delete(card.id) : board.infoOpen.add(card.id);
    render(board);
  });
  const grip = document.createElement("span");
  grip.className = "grip";
  grip.textContent = "⠿";
  grip.title = text(board, "drag_handle");
  grip.setAttribute("aria-hidden", "true");
  const desc = document.createElement("p");
  desc.className = "desc";
  desc.id = `desc-${card.id}`;
  item.append(main, info, grip, desc);
  return item;
}

function markSelected(board) {
  for (const item of board.root.querySelectorAll("[data-card]")) {
    const on = item.dataset.card === board.selected;
    item.classList.toggle("selected", on);
    item.querySelector(".card-main").setAttribute("aria-pressed", String(on));
  }
}

function activeCard(board) {
  const active = board.root.activeElement;
  const card = active && active.closest && active.closest("[data-card]");
  return card && active.classList.contains("card-main") ? card.dataset.card : null;
}

function focusCard(board, cardId) {
  const main = board.q(`[data-card="${cardId}"] .card-main`);
  if (main) main.focus();
}

// ---- choosing a destination -----------------------------------------------------------------

function destinations(board, cardId) {
  const placed = placements(board)[cardId];
  const dests = board.data.piles.map((pile) => ({ id: pile.id, label: pile.short || pile.label }));
  if (placed) dests.push({ id: "", label: text(board, "back_to_deck") });
  return dests;
}

function openTray(board, cardId, fromKeyboard) {
  const { q, data } = board;
  const card = data.cards.find((c) => c.id === cardId);
  board.selected = cardId;
  board.noteOpen = false;
  const tray = q(".tray");
  tray.setAttribute("aria-label", text(board, "place_prompt"));
  q(".tray-label").textContent = card.label;
  q(".tray-desc").textContent = card.description;
  q(".tray-prompt").textContent = text(board, "place_prompt");
  const placed = placements(board)[cardId];
  const dests = q(".dests");
  dests.replaceChildren();
  for (const dest of destinations(board, cardId)) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "dest";
    button.dataset.drop = dest.id;
    button.textContent = dest.label;
    if ((placed || "") === dest.id && dest.id) button.setAttribute("aria-current", "true");
    button.addEventListener("click", (event) => move(board, cardId, dest.id, event.detail === 0));
    dests.append(button);
  }
  q(".note-open").textContent = text(board, "note_open");
  q(".cancel").textContent = text(board, "cancel");
  q(".note").hidden = true;
  q(".tray-actions").hidden = false;
  tray.hidden = false;
  tray.classList.remove("dragging");
  board.keyboard = fromKeyboard;
  markSelected(board);
  if (fromKeyboard) dests.querySelector(".dest").focus();
}

function closeTray(board, refocus) {
  if (board.noteOpen) saveNote(board, false);  // closing keeps what was typed (if within its limits)
  const cardId = board.selected;
  board.selected = null;
  board.noteOpen = false;
  board.q(".tray").hidden = true;
  markSelected(board);
  if (refocus && cardId && board.keyboard) focusCard(board, cardId);
}

function move(board, cardId, pile, fromKeyboard) {
  if (board.noteOpen) {  // a comment typed, then a step chosen: the comment is kept too
    saveNote(board, false);
    board.noteOpen = false;
  }
  const before = placements(board)[cardId] || "";
  board.selected = null;
  board.q(".tray").hidden = true;
  if (before !== pile) send(board, { kind: "move", card: cardId, pile: pile || null });
  const pileInfo = board.data.piles.find((p) => p.id === pile);
  const card = board.data.cards.find((c) => c.id === cardId);
  board.q(".live").textContent = `${card.label} → ${pileInfo ? pileInfo.label : text(board, "unsorted")}`;
  render(board);
  if (fromKeyboard) {
    const next = board.q(".deck .card-main");
    (next || board.q(`[data-card="${cardId}"] .card-main`)).focus();
  }
}

function send(board, event) {
  board.seq += 1;
  board.pending.push({ ...event, seq: board.seq, client: board.client });
  UNSENT.set(board.data.draft_prefix || "", { client: board.client, seq: board.seq, pending: board.pending });
  board.send("events", board.pending.slice());
  board.lastSent = Date.now();
}

function scheduleResend(board) {
  clearTimeout(board.resendTimer);
  if (!board.pending.length) return;
  board.resendTimer = setTimeout(() => {
    if (board.pending.length) board.send("events", board.pending.slice());
    scheduleResend(board);
  }, RESEND_MS);
}

// ---- comment and better name ----------------------------------------------------------------

function openNote(board) {
  const { q } = board;
  const { comments, names } = notes(board);
  const cardId = board.selected;
  board.noteOpen = true;
  board.noteCard = cardId;
  board.noteBase = { comment: comments[cardId] || "", name: names[cardId] || "" };
  q(".comment-label").textContent = text(board, "comment");
  q(".name-label").textContent = text(board, "better_name");
  q(".comment").value = board.noteBase.comment;
  q(".better-name").value = board.noteBase.name;
  q(".note-save").textContent = text(board, "save_note");
  q(".note").hidden = false;
  q(".tray-actions").hidden = true;
  checkNote(board);
  q(".comment").focus();
}

function checkNote(board) {
  const { q, data } = board;
  const over = [];
  for (const [field, selector, counter] of [["comment", ".comment", ".comment-counter"],
    ["name", ".better-name", ".name-counter"]]) {
    const limit = data.limits[field];
    const length = q(selector).value.length;
    q(counter).textContent = text(board, "counter", { n: length, max: limit });
    q(counter).classList.toggle("over", length > limit);
    q(selector).setAttribute("aria-invalid", String(length > limit));
    if (length > limit) over.push(text(board, "too_long", { n: length - limit, max: limit }));
  }
  q(".too-long").hidden = !over.length;
  q(".too-long").textContent = over.join(" ");
  q(".note-save").disabled = over.length > 0;
  return !over.length;
}

function saveNote(board, close = true) {
  clearTimeout(board.noteTimer);
  const { q } = board;
  const cardId = board.noteCard;
  if (!checkNote(board) || !cardId) return;  // over a limit: the text stays, with its message
  const comment = q(".comment").value;
  const name = q(".better-name").value;
  const changed = {
    comment: comment !== board.noteBase.comment ? comment : null,
    name: name !== board.noteBase.name ? name : null,
  };
  if (changed.comment !== null || changed.name !== null) send(board, { kind: "note", card: cardId, ...changed });
  board.noteBase = { comment, name };
  if (!close) return;
  const card = board.data.cards.find((c) => c.id === cardId);
  q(".live").textContent = `${card.label}: ${text(board, "note_saved")}`;
  closeTray(board, true);
}

function noteTyped(board) {
  checkNote(board);
  writeDraft(board, board.noteCard, { comment: board.q(".comment").value, name: board.q(".better-name").value });
  clearTimeout(board.noteTimer);
  board.noteTimer = setTimeout(() => { if (board.noteOpen) saveNote(board, false); }, NOTE_PAUSE_MS);
}

// ---- drafts: a comment typed is kept on this device until the server has it -------------------

function draftKey(board, cardId) {
  return `${DRAFT}${board.data.draft_prefix}${cardId}`;
}

function writeDraft(board, cardId, note) {
  if (!board.data.draft_prefix || !cardId) return;
  try { window.localStorage.setItem(draftKey(board, cardId), JSON.stringify(note)); } catch (error) { /* full */ }
}

function storedDrafts(board) {
  const found = {};
  if (!board.data.draft_prefix) return found;
  try {
    const start = draftKey(board, "");
    for (let i = 0; i < window.localStorage.length; i += 1) {
      const key = window.localStorage.key(i);
      if (!key || !key.startsWith(start)) continue;
      const note = JSON.parse(window.localStorage.getItem(key) || "null");
      if (note && typeof note.comment === "string" && typeof note.name === "string") found[key.slice(start.length)] = note;
    }
  } catch (error) { /* storage blocked or a broken entry: nothing to restore */ }
  return found;
}

function sendDrafts(board) {
  const { comments, names } = notes(board);
  const limits = board.data.limits || {};
  for (const [cardId, note] of Object.entries(storedDrafts(board))) {
    if (!board.data.cards.some((card) => card.id === cardId)) continue;
    if (note.comment.length > limits.comment || note.name.length > limits.name) continue;  // kept, not sent
    const changed = {
      comment: note.comment !== (comments[cardId] || "") ? note.comment : null,
      name: note.name !== (names[cardId] || "") ? note.name : null,
    };
    if (changed.comment !== null || changed.name !== null) send(board, { kind: "note", card: cardId, ...changed });
  }
}

function dropStoredDrafts(board) {
  // Only what the server confirmed: a note still pending (or being typed) keeps its draft.
  const comments = board.data.comments || {};
  const names = board.data.names || {};
  for (const [cardId, note] of Object.entries(storedDrafts(board))) {
    const typing = board.noteOpen && board.noteCard === cardId;
    if (!typing && note.comment === (comments[cardId] || "") && note.name === (names[cardId] || "")) {
      try { window.localStorage.removeItem(draftKey(board, cardId)); } catch (error) { /* gone */ }
    }
  }
}

// ---- keyboard -------------------------------------------------------------------------------

function cardKey(board, cardId, event) {
  const mains = [...board.root.querySelectorAll(".card-main")];
  const index = mains.indexOf(event.currentTarget);
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
  if (step) {
    event.preventDefault();
    const next = mains[index + step];
    if (next) next.focus();
  } else if (/^[1-9]$/.test(event.key) && board.data.piles[Number(event.key) - 1]) {
    event.preventDefault();
    move(board, cardId, board.data.piles[Number(event.key) - 1].id, true);
  }
}

function trayKey(board, event) {
  if (event.key === "Escape") {
    event.preventDefault();
    closeTray(board, true);
    return;
  }
  if (!event.target.classList.contains("dest")) return;
  const dests = [...board.q(".dests").querySelectorAll(".dest")];
  const index = dests.indexOf(event.target);
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
  if (step) {
    event.preventDefault();
    dests[(index + step + dests.length) % dests.length].focus();
  }
}

// ---- dragging: mouse anywhere on a card, touch by its handle (so a finger can still scroll) ---

function pointerDown(board, event) {
  const grip = event.target.closest(".grip");
  const main = event.target.closest(".card-main");
  if (!grip && !(main && event.pointerType === "mouse")) return;
  if (event.button !== 0) return;
  const cardId = event.target.closest("[data-card]").dataset.card;
  const source = event.target;
  board.drag = { cardId, x: event.clientX, y: event.clientY, started: false };
  source.setPointerCapture(event.pointerId);
  const moveHandler = (e) => pointerMove(board, e);
  const upHandler = (e) => {
    source.removeEventListener("pointermove", moveHandler);
    source.removeEventListener("pointerup", upHandler);
    source.removeEventListener("pointercancel", upHandler);
    pointerUp(board, e);
  };
  source.addEventListener("pointermove", moveHandler);
  source.addEventListener("pointerup", upHandler);
  source.addEventListener("pointercancel", upHandler);
  if (grip) event.preventDefault();
}

function dropTarget(board, x, y) {
  const finder = board.root.elementFromPoint ? board.root : document;
  const hit = finder.elementFromPoint(x, y);
  return hit && hit.closest ? hit.closest("[data-drop]") : null;
}

function pointerMove(board, event) {
  const drag = board.drag;
  if (!drag) return;
  if (!drag.started) {
    if (Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < DRAG_START_PX) return;
    drag.started = true;
    openTray(board, drag.cardId, false);
    board.q(".tray").classList.add("dragging");
    const ghost = document.createElement("div");
    ghost.className = "ghost";
    ghost.textContent = board.data.cards.find((c) => c.id === drag.cardId).label;
    board.q(".board").append(ghost);
    drag.ghost = ghost;
  }
  drag.ghost.style.left = `${event.clientX + 8}px`;
  drag.ghost.style.top = `${event.clientY + 8}px`;
  const target = dropTarget(board, event.clientX, event.clientY);
  for (const el of board.root.querySelectorAll(".drop-hover")) el.classList.remove("drop-hover");
  if (target) target.classList.add("drop-hover");
}

function pointerUp(board, event) {
  const drag = board.drag;
  board.drag = null;
  if (!drag || !drag.started) return;
  drag.ghost.remove();
  board.justDragged = true;
  setTimeout(() => { board.justDragged = false; }, 0);
  const target = dropTarget(board, event.clientX, event.clientY);
  for (const el of board.root.querySelectorAll(".drop-hover")) el.classList.remove("drop-hover");
  board.renderLater = false;
  if (target) move(board, drag.cardId, target.dataset.drop, false);
  else {
    closeTray(board, false);
    render(board);
  }
}
