/*
 * SØM task pane and ribbon commands (som_xl, MIT licence). The ribbon buttons and the
 * task pane's buttons run the same command (somRunCommand in client.js); the answer's
 * status and the problems (each naming its cell) are shown here.
 */
/* global Office, som, somCommands, somRunCommand */
"use strict";

function somShow(answer) {
  document.getElementById("status").textContent = answer.status || "Færdig.";
  const list = document.getElementById("problems");
  list.replaceChildren();
  const items = (answer.problems || []).map((p) => `${p.cell}: ${p.message}`);
  for (const alert of answer.alerts || []) {
    items.unshift(alert.message);
  }
  for (const text of items) {
    const li = document.createElement("li");
    li.textContent = text;
    list.appendChild(li);
  }
  const link = document.getElementById("report");
  if (answer.markdown) {
    link.href = URL.createObjectURL(new Blob([answer.markdown], { type: "text/markdown" }));
    link.hidden = false;
  } else {
    link.hidden = true;
  }
}

function somShowError(error) {
  document.getElementById("status").textContent = `Fejl: ${error.message || error}`;
  document.getElementById("problems").replaceChildren();
}

async function somCommand(key) {
  const buttons = document.querySelectorAll("button.cmd");
  buttons.forEach((b) => { b.disabled = true; });
  document.getElementById("status").textContent = "Arbejder …";
  try {
    const commands = await somCommands();
    if (commands[key].needs_account && !som.token) {
      somAskLogin();
      document.getElementById("status").textContent = "Log ind for at dele og søge.";
      return;
    }
    somShow(await somRunCommand(key));
  } catch (error) {
    somShowError(error);
    if (error.status === 401) {
      som.token = null;  // expired, revoked or never given: sign in again
      somShowWho("");
      somAskLogin();
    }
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}

function somAskLogin() {
  const form = document.getElementById("login");
  if (document.body.dataset.tokenUrl) {
    form.hidden = false;
  } else {
    somShowWho("Login er ikke sat op på denne server.");
  }
}

function somShowWho(text) {
  const who = document.getElementById("who");
  who.textContent = text;
  who.hidden = !text;
  document.getElementById("logout").hidden = !som.token;
}

async function somLogin(event) {
  event.preventDefault();
  const form = event.target;
  const body = new URLSearchParams(new FormData(form));
  try {
    const response = await fetch(document.body.dataset.tokenUrl, { method: "POST", body });
    const data = await response.json();
    if (!response.ok || !data.access_token) {
      throw new Error(data && typeof data.detail === "string" ? data.detail : "Forkert e-mail eller adgangskode.");
    }
    som.token = data.access_token;
    form.hidden = true;
    form.reset();
    const until = new Date(Date.now() + data.expires_in * 1000);
    const time = until.toLocaleTimeString("da-DK", { hour: "2-digit", minute: "2-digit" });
    somShowWho(`Logget ind som ${data.email} (${data.organisation}) til kl. ${time}.`);
    document.getElementById("status").textContent = "Logget ind. Tryk Del beregning eller Søg erfaringer.";
  } catch (error) {
    somShowError(error);
  }
}

/* Sign out: the server revokes the token (it would otherwise work until it expires). */
async function somLogout() {
  const token = som.token;
  som.token = null;
  somShowWho("Logget ud.");
  try {
    await fetch(document.body.dataset.tokenUrl, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } });
  } catch (error) {
    somShowError(error);
  }
}

const SOM_READY = "Klar. Udfyld arket Indsats, og tryk Beregn.";
const SOM_NO_OFFICE = "Office.js kunne ikke indlæses, så opgaveruden kan ikke læse eller skrive projektmappen. " +
  "Åbn den fra fanen SØM i Excel, med forbindelse til internettet (Office.js hentes fra Microsoft).";
const SOM_OUTSIDE = "Opgaveruden er åbnet uden for Excel. Åbn projektmappen i Excel, og åbn ruden fra fanen SØM.";

function somStatus(text) {
  document.getElementById("status").textContent = text;
}

function somStart() {
  som.xlwingsVersion = document.body.dataset.xlwingsVersion || "";
  document.querySelectorAll("button.cmd").forEach((button) => {
    button.addEventListener("click", () => somCommand(button.dataset.command));
  });
  document.getElementById("login").addEventListener("submit", somLogin);
  document.getElementById("logout").addEventListener("click", somLogout);
  if (typeof Office === "undefined") {
    somStatus(SOM_NO_OFFICE); // the page says "Starter …" until Office answers; it never will
    return;
  }
  Office.onReady((info) => {
    if (!info || !info.host) {
      somStatus(SOM_OUTSIDE);
      return;
    }
    // Ribbon buttons (ExecuteFunction in the shared runtime): same commands as the pane.
    for (const key of ["beregn", "opdater-viden", "lav-beslutningsoplaeg", "del-beregning", "soeg-erfaringer"]) {
      Office.actions.associate(key, (event) => {
        somCommand(key).finally(() => event.completed());
      });
    }
    somStatus(SOM_READY);
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", somStart);
} else {
  somStart();
}
