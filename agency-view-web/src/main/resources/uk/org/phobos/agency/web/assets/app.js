"use strict";
// The Agency dashboard. Plain DOM: every piece of text is set with textContent; the only HTML
// inserted is prompt_html/output_html, which the server renders from Markdown into a fixed set of
// tags with all text escaped. The Content-Security-Policy forbids inline script and eval anyway.
(function () {
  const view = document.getElementById("view");
  const liveBadge = document.getElementById("live");
  const state = { route: [], timers: [], streams: [], pollTimer: null, sseHealthy: false, refreshTimer: null };

  // ---- helpers -------------------------------------------------------------------------------
  function el(tag, attrs) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === "text") node.textContent = String(value);
        else if (key === "className") node.className = value;
        else if (key.startsWith("on")) node.addEventListener(key.substring(2), value);
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    for (let i = 2; i < arguments.length; i++) {
      const child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function rendered(html, className) {
    // Server-rendered Markdown: safe by construction (see MarkdownRenderer).
    const node = el("div", { className: "markdown " + (className || "") });
    node.innerHTML = html || "";
    return node;
  }

  async function api(method, path, body) {
    const options = { method: method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    if (response.status === 401) {
      window.location.assign("/login");
      throw new Error("signed out");
    }
    const data = await response.json().catch(function () { return {}; });
    if (!response.ok) {
      throw new Error(data.message || "request failed (" + response.status + ")");
    }
    return data;
  }

  function ago(iso) {
    if (!iso) return "";
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (seconds < 60) return seconds + "s ago";
    if (seconds < 3600) return Math.round(seconds / 60) + "m ago";
    if (seconds < 86400) return Math.round(seconds / 3600) + "h ago";
    return Math.round(seconds / 86400) + "d ago";
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "";
    if (seconds < 60) return seconds.toFixed(1) + " s";
    const m = Math.floor(seconds / 60);
    return m + " min " + Math.round(seconds - m * 60) + " s";
  }

  function badge(text, kind) {
    return el("span", { className: "badge " + (kind || text || ""), text: text || "—" });
  }

  function flash(message, kind) {
    const box = el("p", { className: "flash " + (kind || ""), role: "status", text: message });
    view.prepend(box);
    setTimeout(function () { box.remove(); }, 6000);
  }

  // A render that finished after a newer one started must not replace the newer one's view.
  function stale(seq) {
    return seq !== state.renderSeq;
  }

  function clearView() {
    state.streams.forEach(function (s) { s.close(); });
    state.streams = [];
    view.replaceChildren();
  }

  // ---- routing --------------------------------------------------------------------------------
  function route() {
    const hash = window.location.hash.replace(/^#\/?/, "");
    const parts = hash.split("/").filter(Boolean).map(decodeURIComponent);
    state.route = parts.length ? parts : ["fleet"];
    document.querySelectorAll("nav a").forEach(function (a) {
      a.classList.toggle("active", a.dataset.view === state.route[0]);
    });
    render();
  }

  async function render() {
    const [name, id] = state.route;
    state.renderSeq = (state.renderSeq || 0) + 1;
    try {
      if (name === "fleet") await renderFleet();
      else if (name === "sessions" && id) await renderSession(id);
      else if (name === "sessions") await renderSessions();
      else if (name === "new") await renderNewTask();
      else if (name === "scheduler") await renderScheduler();
      else if (name === "devices") await renderDevices();
      else await renderFleet();
    } catch (e) {
      if (e.message !== "signed out") flash(e.message, "error");
    }
  }

  function refreshSoon() {
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(function () {
      const active = document.activeElement;
      const typing = active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT" || active.tagName === "SELECT");
      if (typing && active.value) return; // do not wipe a form someone is filling in
      render();
    }, 150);
  }

  // ---- fleet ----------------------------------------------------------------------------------
  async function renderFleet() {
    const seq = state.renderSeq;
    const data = await api("GET", "/ui/api/fleet");
    if (stale(seq)) return;
    clearView();
    view.appendChild(el("h1", { text: "Fleet" }));
    if (!data.members.length) {
      view.appendChild(el("p", { className: "empty", text: "No components found yet. Start an agent: bin/ag-agent-claude" }));
      return;
    }
    const grid = el("div", { className: "grid", id: "fleet" });
    data.members.forEach(function (m) {
      const task = m.current_task;
      grid.appendChild(el("article", { className: "card member health-" + m.health, "data-name": m.name },
        el("div", { className: "row" },
          el("span", { className: "dot " + m.health, title: m.health }),
          el("strong", { text: m.name }),
          badge(m.state)),
        el("div", { className: "meta", text: m.type + " · " + m.version + " · up " + duration(m.uptime_seconds) }),
        el("div", { className: "meta", text: m.url }),
        m.health !== "ok" ? el("div", { className: "meta warn", text: m.health + " (" + m.failed_polls + " failed polls)" }) : null,
        task ? el("div", { className: "current" }, "Working on: ", el("a", { href: "#/sessions/" + encodeURIComponent(task.session_id), text: task.prompt_preview || task.task_id })) : null));
    });
    view.appendChild(grid);
  }

  // ---- sessions -------------------------------------------------------------------------------
  async function renderSessions() {
    const seq = state.renderSeq;
    const archived = state.route[1] === "archived";
    const data = await api("GET", "/ui/api/sessions" + (archived ? "?archived=true" : ""));
    if (stale(seq)) return;
    clearView();
    view.appendChild(el("div", { className: "row spread" },
      el("h1", { text: archived ? "Archived sessions" : "Sessions" }),
      el("a", { href: archived ? "#/sessions" : "#/sessions/archived", text: archived ? "Active sessions" : "Archived" })));
    if (!data.sessions.length) {
      view.appendChild(el("p", { className: "empty", text: "No sessions yet. Press N to start a task." }));
      return;
    }
    const list = el("ul", { className: "sessions", id: "sessions" });
    data.sessions.forEach(function (s) {
      list.appendChild(el("li", { className: "card session", "data-session": s.session_id },
        el("a", { href: "#/sessions/" + encodeURIComponent(s.session_id), className: "title", text: s.title }),
        el("div", { className: "row" },
          badge(s.last_state),
          el("span", { className: "meta", text: s.source + (s.source_ref ? " (" + s.source_ref + ")" : "") }),
          el("span", { className: "meta", text: s.agent_name || "waiting for an agent" }),
          el("span", { className: "meta", text: s.task_count + (s.task_count === 1 ? " task" : " tasks") }),
          el("span", { className: "meta", text: ago(s.updated_at) }))));
    });
    view.appendChild(list);
  }

  async function renderSession(id) {
    const seq = state.renderSeq;
    if (id === "archived") return renderSessions();
    const s = await api("GET", "/ui/api/sessions/" + encodeURIComponent(id));
    if (stale(seq)) return;
    clearView();
    view.appendChild(el("div", { className: "row spread" },
      el("h1", { text: s.title }),
      el("button", { className: "secondary", text: s.archived ? "Unarchive" : "Archive", onclick: async function () {
        await api("POST", "/ui/api/sessions/" + encodeURIComponent(id) + (s.archived ? "/unarchive" : "/archive"), {});
        render();
      } })));
    view.appendChild(el("p", { className: "meta", text: s.source + (s.source_ref ? " (" + s.source_ref + ")" : "") + " · " + (s.agent_name || "no agent yet") + " · session " + s.session_id }));
    s.tasks.forEach(function (t) { view.appendChild(taskCard(t)); });
    s.queued.forEach(function (q) {
      view.appendChild(el("article", { className: "card task", "data-task": q.queue_id },
        el("div", { className: "row" }, badge("queued"), el("span", { className: "meta", text: "waiting for " + (q.agent_url || "an idle agent") + " since " + ago(q.enqueued_at) }),
          el("button", { className: "secondary", text: "Cancel", onclick: function () { cancel(q.queue_id); } })),
        rendered(q.prompt_html, "prompt")));
    });
    const prompt = el("textarea", { id: "continue-prompt", rows: 3, placeholder: "Continue this session…", required: true });
    view.appendChild(el("form", { className: "card continue", id: "continue-form", onsubmit: async function (event) {
      event.preventDefault();
      try {
        await api("POST", "/ui/api/sessions/" + encodeURIComponent(id) + "/continue", { prompt: prompt.value });
        prompt.value = "";
        render();
      } catch (e) { flash(e.message, "error"); }
    } }, el("label", { for: "continue-prompt", text: "Continue this session" }), prompt, el("button", { type: "submit", text: "Send" })));
  }

  function taskCard(t) {
    const running = t.state === "working";
    const card = el("article", { className: "card task", "data-task": t.task_id, "data-state": t.state },
      el("div", { className: "row" },
        badge(t.state + (t.provisional ? "?" : ""), t.state),
        el("span", { className: "meta", text: (t.model || "") + " · " + ago(t.created_at) }),
        running ? el("button", { className: "secondary", text: "Cancel", onclick: function () { cancel(t.task_id); } }) : null),
      el("h3", { text: "Prompt" }),
      rendered(t.prompt_html, "prompt"));
    if (t.output_html) {
      card.appendChild(el("h3", { text: "Output" }));
      card.appendChild(rendered(t.output_html, "output"));
    }
    if (t.error) {
      card.appendChild(el("p", { className: "error", text: t.error.type + ": " + t.error.message }));
    }
    if (running) {
      const live = el("pre", { className: "live-output", "aria-live": "polite" });
      card.appendChild(el("h3", { text: "Live" }));
      card.appendChild(live);
      follow(t.task_id, live);
    }
    if (t.steps && t.steps.length) {
      const steps = el("ol", { className: "steps" });
      t.steps.forEach(function (step) {
        steps.appendChild(el("li", { className: step.is_error ? "error" : "" },
          el("strong", { text: step.type === "tool_call" ? step.tool : "text" }), " ",
          el("span", { text: step.input_preview || "" }),
          step.output_preview ? el("div", { className: "meta", text: "→ " + step.output_preview }) : null));
      });
      card.appendChild(el("details", {}, el("summary", { text: t.steps.length + (t.steps.length === 1 ? " step" : " steps") }), steps));
    }
    const usage = t.usage ? (t.usage.input_tokens + " in / " + t.usage.output_tokens + " out tokens") : "";
    const cost = t.cost_usd !== null && t.cost_usd !== undefined ? "$" + t.cost_usd.toFixed(4) : "";
    card.appendChild(el("p", { className: "meta", text: [usage, cost, duration(t.duration_seconds), t.num_turns ? t.num_turns + " turns" : ""].filter(Boolean).join(" · ") }));
    return card;
  }

  function follow(taskId, box) {
    const source = new EventSource("/ui/api/tasks/" + encodeURIComponent(taskId) + "/events");
    state.streams.push(source);
    function line(text) {
      box.textContent += text + "\n";
      box.scrollTop = box.scrollHeight;
    }
    source.addEventListener("text", function (e) { line(JSON.parse(e.data).text); });
    source.addEventListener("tool_call", function (e) {
      const d = JSON.parse(e.data);
      line("→ " + d.tool + " " + JSON.stringify(d.input).substring(0, 200));
    });
    source.addEventListener("tool_result", function (e) {
      const d = JSON.parse(e.data);
      line("  ← " + String(d.output || "").substring(0, 200));
    });
    source.addEventListener("state", function (e) {
      const d = JSON.parse(e.data);
      if (d.state && d.state !== "working") refreshSoon();
    });
    source.addEventListener("end", function () { source.close(); refreshSoon(); });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) refreshSoon();
    };
  }

  async function cancel(id) {
    try {
      await api("POST", "/ui/api/tasks/" + encodeURIComponent(id) + "/cancel", {});
      render();
    } catch (e) { flash(e.message, "error"); }
  }

  // ---- new task ---------------------------------------------------------------------------------
  async function renderNewTask() {
    const seq = state.renderSeq;
    const fleet = await api("GET", "/ui/api/fleet");
    if (stale(seq)) return;
    clearView();
    const agents = fleet.members.filter(function (m) { return m.type === "agent"; });
    const select = el("select", { id: "agent" }, el("option", { value: "", text: "Any idle agent (queued until one is free)" }));
    agents.forEach(function (a) { select.appendChild(el("option", { value: a.url, text: a.name + " (" + a.state + ")" })); });
    const prompt = el("textarea", { id: "prompt", rows: 6, required: true, placeholder: "What should the agent do?" });
    const model = el("input", { id: "model", type: "text", placeholder: "default", maxlength: 128 });
    const timeout = el("input", { id: "timeout", type: "number", min: 1, max: 10080, placeholder: "default" });
    const form = el("form", { className: "card", id: "new-task", onsubmit: async function (event) {
      event.preventDefault();
      try {
        const body = { prompt: prompt.value, agent: select.value || null, model: model.value || null,
          timeout_seconds: timeout.value ? Math.round(Number(timeout.value) * 60) : null };
        const accepted = await api("POST", "/ui/api/tasks", body);
        prompt.value = "";
        window.location.hash = "#/sessions/" + encodeURIComponent(accepted.session_id);
      } catch (e) { flash(e.message, "error"); }
    } },
      el("label", { for: "prompt", text: "Prompt" }), prompt,
      el("label", { for: "agent", text: "Agent" }), select,
      el("div", { className: "row" },
        el("div", {}, el("label", { for: "model", text: "Model" }), model),
        el("div", {}, el("label", { for: "timeout", text: "Timeout (minutes)" }), timeout)),
      el("button", { type: "submit", id: "submit-task", text: "Start task" }));
    view.appendChild(el("h1", { text: "New task" }));
    view.appendChild(form);
    prompt.focus();
  }

  // ---- scheduler --------------------------------------------------------------------------------
  async function renderScheduler() {
    const seq = state.renderSeq;
    const data = await api("GET", "/ui/api/scheduler");
    if (stale(seq)) return;
    clearView();
    view.appendChild(el("h1", { text: "Scheduler" }));
    if (!data.available) {
      view.appendChild(el("p", { className: "empty", text: "No scheduler in the fleet. Start one: bin/ag-tool-scheduler" }));
      return;
    }
    view.appendChild(el("p", { className: "meta", text: data.name + " · " + data.url }));
    const table = el("table", { className: "jobs", id: "jobs" },
      el("thead", {}, el("tr", {}, el("th", { text: "Job" }), el("th", { text: "Schedule" }), el("th", { text: "Next run" }), el("th", { text: "Last run" }), el("th", { text: "" }))));
    const body = el("tbody");
    (data.jobs || []).forEach(function (job) {
      const last = job.last_run;
      const action = function (what) {
        return async function () {
          try {
            await api("POST", "/ui/api/scheduler/jobs/" + encodeURIComponent(job.name) + "/" + what, {});
            flash(what === "run" ? "Started " + job.name : job.name + ": " + what + "d");
            render();
          } catch (e) { flash(e.message, "error"); }
        };
      };
      body.appendChild(el("tr", { "data-job": job.name },
        el("td", { text: job.name + (job.paused ? " (paused)" : "") }),
        el("td", { text: job.schedule + (job.time_zone ? " " + job.time_zone : "") }),
        el("td", { text: job.next_run_at || "—" }),
        el("td", { text: last ? (last.outcome || last.status || "") + (last.final_state ? " / " + last.final_state : "") + " " + ago(last.started_at || last.scheduled_for) : "never" }),
        el("td", {},
          el("button", { className: "secondary", text: "Run now", onclick: action("run") }),
          el("button", { className: "secondary", text: job.paused ? "Resume" : "Pause", onclick: action(job.paused ? "resume" : "pause") }))));
    });
    table.appendChild(body);
    view.appendChild(table);
  }

  // ---- devices ----------------------------------------------------------------------------------
  async function renderDevices() {
    const seq = state.renderSeq;
    const [me, data] = await Promise.all([api("GET", "/ui/api/me"), api("GET", "/ui/api/devices")]);
    if (stale(seq)) return;
    clearView();
    view.appendChild(el("h1", { text: "Devices" }));
    const codeBox = el("p", { className: "pairing", id: "pairing-code" });
    view.appendChild(el("div", { className: "card" },
      el("button", { id: "pair-button", text: "Pair a new device", onclick: async function () {
        const issued = await api("POST", "/ui/api/pairing-codes", {});
        codeBox.replaceChildren(el("code", { text: issued.code }), " — enter it at /pair on the new device within 10 minutes");
      } }),
      codeBox,
      el("button", { className: "secondary", id: "logout", text: "Sign out", onclick: async function () {
        await api("POST", "/logout", {});
        window.location.assign("/login");
      } })));
    const list = el("ul", { className: "devices", id: "devices" });
    data.devices.forEach(function (d) {
      list.appendChild(el("li", { className: "card", "data-device": d.id },
        el("strong", { text: d.label + (d.current ? " (this device)" : "") }),
        el("span", { className: "meta", text: " " + d.kind + " · signed in " + ago(d.created_at) + " · seen " + ago(d.last_seen) + " · " + d.address }),
        el("button", { className: "secondary", text: "Revoke", onclick: async function () {
          await api("POST", "/ui/api/devices/" + encodeURIComponent(d.id) + "/revoke", {});
          if (d.current) window.location.assign("/login"); else render();
        } })));
    });
    view.appendChild(list);
    if (!me.password_from_environment) {
      const current = el("input", { type: "password", id: "current-password", autocomplete: "current-password", required: true });
      const next = el("input", { type: "password", id: "new-password", autocomplete: "new-password", minlength: 12, required: true });
      view.appendChild(el("form", { className: "card", onsubmit: async function (event) {
        event.preventDefault();
        try {
          await api("POST", "/ui/api/password", { current_password: current.value, new_password: next.value });
          window.location.assign("/login");
        } catch (e) { flash(e.message, "error"); }
      } }, el("h2", { text: "Change password" }), el("label", { for: "current-password", text: "Current password" }), current,
        el("label", { for: "new-password", text: "New password (12+ characters; signs every device out)" }), next,
        el("button", { type: "submit", text: "Change password" })));
    }
  }

  // ---- live updates -----------------------------------------------------------------------------
  function setLive(text, ok) {
    liveBadge.textContent = text;
    liveBadge.classList.toggle("ok", !!ok);
  }

  function startPolling() {
    if (state.pollTimer) return;
    state.pollTimer = setInterval(function () {
      if (!document.hidden) render();
    }, 5000);
    setLive("polling", false);
  }

  function stopPolling() {
    clearInterval(state.pollTimer);
    state.pollTimer = null;
  }

  function connectEvents() {
    if (!window.EventSource) {
      startPolling();
      return;
    }
    // EventSource reconnects by itself and sends Last-Event-ID; the server replays what was missed
    // or says "reset". While it is down, the page polls (but not while the tab is hidden).
    const source = new EventSource("/ui/api/events");
    source.onopen = function () { stopPolling(); setLive("live", true); };
    source.onerror = function () {
      startPolling();
      if (source.readyState === EventSource.CLOSED) setTimeout(connectEvents, 5000);
    };
    ["hello", "reset"].forEach(function (name) { source.addEventListener(name, function () { render(); }); });
    source.addEventListener("fleet", function () {
      if (state.route[0] === "fleet") refreshSoon();
    });
    source.addEventListener("session", function (e) {
      const d = JSON.parse(e.data);
      if (state.route[0] === "sessions" && (!state.route[1] || state.route[1] === "archived" || state.route[1] === d.session_id)) refreshSoon();
    });
    source.addEventListener("queue", function () {
      if (state.route[0] === "sessions") refreshSoon();
    });
  }

  // ---- keyboard ---------------------------------------------------------------------------------
  document.addEventListener("keydown", function (event) {
    const target = event.target;
    const typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
    if (event.key === "Escape") {
      if (typing) target.blur();
      if (state.route[0] === "new" || state.route[1]) window.location.hash = "#/sessions";
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "n" || event.key === "N") { event.preventDefault(); window.location.hash = "#/new"; }
    if (event.key === "r" || event.key === "R") { event.preventDefault(); render(); }
  });

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && state.pollTimer) render();
  });

  window.addEventListener("hashchange", route);
  route();
  connectEvents();
})();
