"use strict";
// Sign-in and pairing forms: JSON requests only (the server refuses anything else), no inline script.
(function () {
  function show(text) {
    document.getElementById("message").textContent = text;
  }

  async function send(path, body) {
    const response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.ok) {
      window.location.assign("/");
      return;
    }
    let message = "Sign-in failed (" + response.status + ")";
    try {
      const error = await response.json();
      if (error && error.message) {
        message = error.message;
      }
    } catch (ignored) {
      // not JSON
    }
    show(message);
  }

  const login = document.getElementById("login-form");
  if (login) {
    login.addEventListener("submit", function (event) {
      event.preventDefault();
      show("");
      send("/login", { password: document.getElementById("password").value });
    });
  }
  const pair = document.getElementById("pair-form");
  if (pair) {
    pair.addEventListener("submit", function (event) {
      event.preventDefault();
      show("");
      send("/pair", {
        code: document.getElementById("code").value,
        label: document.getElementById("label").value || null,
      });
    });
  }
})();
