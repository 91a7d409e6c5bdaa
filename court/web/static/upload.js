// Resumable upload of filing documents over a flaky link: the file goes in ~1 MB chunks (PATCH with
// Upload-Offset); after any failure the browser asks the server how many bytes it holds and carries on from
// there, waiting longer after each failure. The session token is kept in localStorage, so even a reload of
// the page resumes the same upload instead of starting again.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) return;
  var filingId = form.getAttribute("data-filing");
  var chunkBytes = parseInt(form.getAttribute("data-chunk-bytes"), 10) || 1048576;
  var list = document.getElementById("upload-progress");
  var MAX_WAIT_MS = 30000;

  function msg(name) { return form.getAttribute("data-msg-" + name) || name; }

  function request(method, url, body, headers, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("X-CSRF-Token", window.courtCsrfToken ? window.courtCsrfToken() : "");
      xhr.setRequestHeader("Accept", "application/json");
      Object.keys(headers || {}).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
      if (onProgress && xhr.upload) {
        xhr.upload.onprogress = function (e) { if (e.lengthComputable) onProgress(e.loaded); };
      }
      xhr.onload = function () {
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
        resolve({ status: xhr.status, data: data });
      };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.ontimeout = function () { reject(new Error("timeout")); };
      xhr.timeout = 120000;
      xhr.send(body);
    });
  }

  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  function row(file) {
    var li = document.createElement("li");
    var label = document.createElement("span");
    var bar = document.createElement("progress");
    var state = document.createElement("span");
    label.textContent = file.name + " ";
    bar.max = file.size;
    bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    state.className = "upload-state";
    state.textContent = " " + msg("waiting");
    li.appendChild(label); li.appendChild(bar); li.appendChild(state);
    list.appendChild(li);
    return {
      progress: function (n) {
        bar.value = n;
        // Screen readers hear the state text, not every tick of the bar: announce whole tens of percent.
        var pct = Math.floor((100 * n) / Math.max(file.size, 1));
        state.textContent = " " + pct + "%";
      },
      say: function (text, cls) { state.textContent = " " + text; if (cls) li.className = cls; }
    };
  }

  function storageKey(file) {
    return "court-upload:" + filingId + ":" + file.name + ":" + file.size + ":" + file.lastModified;
  }

  async function openSession(file, kind) {
    var key = storageKey(file);
    var saved = null;
    try { saved = window.localStorage.getItem(key); } catch (e) { saved = null; }
    if (saved) {
      var known = await request("GET", "/api/v1/uploads/" + encodeURIComponent(saved));
      if (known.status === 200 && known.data && known.data.status === "open") return known.data;
    }
    var idem = saved ? null : (Date.now().toString(36) + Math.random().toString(36).slice(2));
    var opened = await request("POST", "/api/v1/filings/" + filingId + "/uploads",
      JSON.stringify({ filename: file.name, size: file.size, kind: kind }),
      idem ? { "Content-Type": "application/json", "Idempotency-Key": idem } : { "Content-Type": "application/json" });
    if (opened.status !== 201 && opened.status !== 200) throw opened;
    try { window.localStorage.setItem(key, opened.data.token); } catch (e) { /* private mode: no resume across reloads */ }
    return opened.data;
  }

  async function upload(file, kind) {
    var ui = row(file);
    var failures = 0;
    var session = null;
    for (;;) {
      try {
        if (!session) session = await openSession(file, kind);
        var offset = session.offset;
        ui.progress(offset);
        if (session.status === "complete") break;
        var chunk = file.slice(offset, Math.min(offset + chunkBytes, file.size));
        var res = await request("PATCH", "/api/v1/uploads/" + encodeURIComponent(session.token), chunk,
          { "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
          function (loaded) { ui.progress(offset + loaded); });
        if (res.status === 200 && res.data) {
          session = res.data;
          failures = 0;
          continue;
        }
        if (res.status === 409 || res.status >= 500 || res.status === 0) throw new Error("retry");
        throw res;  // the server refused the file itself (not a PDF, too large, ...): do not retry
      } catch (err) {
        if (err && err.status && err.status < 500 && err.status !== 409) {
          ui.say(msg("failed") + ": " + ((err.data && (err.data.detail || err.data.title)) || err.status), "failed");
          try { window.localStorage.removeItem(storageKey(file)); } catch (e) { /* ignore */ }
          return false;
        }
        failures += 1;
        ui.say(msg("retry"), "retrying");
        await sleep(Math.min(MAX_WAIT_MS, 500 * Math.pow(2, Math.min(failures, 6))));
        if (session) {
          try {
            var state = await request("GET", "/api/v1/uploads/" + encodeURIComponent(session.token));
            if (state.status === 200 && state.data) session = state.data;
          } catch (e) { /* still offline: the next round waits longer */ }
        }
      }
    }
    try { window.localStorage.removeItem(storageKey(file)); } catch (e) { /* ignore */ }
    ui.progress(file.size);
    ui.say(msg("done"), "done");
    return true;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    var input = document.getElementById("upload-file");
    var kind = document.getElementById("upload-kind").value;
    var button = document.getElementById("upload-button");
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) { input.focus(); return; }
    button.disabled = true;
    for (var i = 0; i < files.length; i++) {
      await upload(files[i], kind);
      document.body.dispatchEvent(new CustomEvent("court:uploaded", { bubbles: true }));
    }
    input.value = "";
    button.disabled = false;
  });
})();
