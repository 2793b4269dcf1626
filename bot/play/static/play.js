// The play page: pick a person, read their chat, type and tap; the chat is polled.
"use strict";

const state = { labels: {}, people: [], person: null, shown: "" };

function $(id) { return document.getElementById(id); }

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : ""));
}

function detail(person) {
  return fill(state.labels["play_" + person.role] || "", person);
}

async function call(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  return response.json();
}

function renderPeople() {
  const list = $("people");
  list.textContent = "";
  for (const person of state.people) {
    const item = document.createElement("li");
    item.dataset.id = person.id;
    item.className = state.person && state.person.id === person.id ? "chosen" : "";
    const name = document.createElement("strong");
    name.textContent = person.name;
    const small = document.createElement("small");
    small.textContent = detail(person);
    item.append(name, small);
    item.addEventListener("click", () => choose(person));
    list.append(item);
  }
}

function choose(person) {
  state.person = person;
  state.shown = "";
  $("chat").hidden = false;
  $("who").textContent = person.name;
  $("whodetail").textContent = detail(person);
  $("receipt").hidden = person.role !== "customer";
  renderPeople();
  refresh();
  $("text").focus();
}

function describe(message) {
  const labels = state.labels;
  if (message.kind === "picture") return (message.text ? message.text + "\n" : "") + labels.play_picture;
  if (message.kind === "file") return fill(labels.play_file, { name: message.file || "" }) + (message.text ? "\n" + message.text : "");
  if (message.kind === "contact") return fill(labels.play_contact, { phone: message.phone || "" });
  return message.text || "";
}

function renderChat(chat) {
  const list = $("messages");
  list.textContent = "";
  if (chat.messages.length === 0) {
    const item = document.createElement("li");
    item.textContent = state.labels.play_empty;
    list.append(item);
  }
  for (const message of chat.messages) {
    const item = document.createElement("li");
    item.className = message.mine ? "mine" : "bot";
    item.dataset.messageId = message.id;
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    bubble.textContent = describe(message);
    if (message.edited) {
      const mark = document.createElement("span");
      mark.className = "edited";
      mark.textContent = state.labels.play_edited;
      bubble.append(mark);
    }
    item.append(bubble);
    if (message.buttons.length) {
      const buttons = document.createElement("div");
      buttons.className = "buttons";
      for (const row of message.buttons) {
        const line = document.createElement("div");
        for (const button of row) {
          const tap = document.createElement("button");
          tap.type = "button";
          tap.textContent = button.text;
          tap.addEventListener("click", () => send("tap", { message_id: message.id, data: button.data }));
          line.append(tap);
        }
        buttons.append(line);
      }
      item.append(buttons);
    }
    list.append(item);
  }
  list.scrollTop = list.scrollHeight;
  const keyboard = $("keyboard");
  keyboard.textContent = "";
  for (const row of chat.keyboard) {
    for (const button of row) {
      const press = document.createElement("button");
      press.type = "button";
      press.textContent = button.text;
      press.addEventListener("click", () =>
        button.contact ? send("contact", {}) : send("text", { text: button.text }));
      keyboard.append(press);
    }
  }
}

async function refresh() {
  const person = state.person;
  if (!person) return;
  const chat = await call("/api/chats/" + person.id);
  const seen = JSON.stringify(chat);
  if (state.person === person && seen !== state.shown) {
    state.shown = seen;
    renderChat(chat);
  }
}

async function send(what, body) {
  if (!state.person) return;
  await call("/api/chats/" + state.person.id + "/" + what, body);
  setTimeout(refresh, 150);
}

async function start() {
  const data = await call("/api/people");
  state.labels = data.labels;
  state.people = data.people;
  document.documentElement.lang = data.language;
  document.title = data.labels.play_title;
  $("title").textContent = data.labels.play_title;
  $("intro").textContent = data.labels.play_intro;
  $("pick").textContent = data.labels.play_pick;
  $("send").textContent = data.labels.play_send;
  $("text").placeholder = data.labels.play_placeholder;
  $("receipt").textContent = data.labels.play_receipt;
  $("receipt").addEventListener("click", () => send("link", {}));
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("text").value;
    $("text").value = "";
    if (text.trim()) send("text", { text });
  });
  renderPeople();
  setInterval(refresh, 700);
}

start();
