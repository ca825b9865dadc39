/* The contact form (page « Contact »): shows the questions of the chosen reason, checks the
 * fields as the person types, and sends the form without reloading the page.
 * Without JavaScript the form still works: a plain POST, then the service's thank-you page.
 * The service checks everything again; this file only spares the person a round trip. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-cpts-contact]");
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;

  var DOCTOR = "medecin_traitant";
  var summary = document.getElementById("cpts-contact-summary");
  var status = document.getElementById("cpts-contact-status");
  var done = document.getElementById("cpts-contact-done");
  var button = form.querySelector("button[type=submit]");
  var doctorSet = form.querySelector('[data-cpts-for="' + DOCTOR + '"]');
  var otherSet = form.querySelector('[data-cpts-for="autre"]');
  var submitted = false;

  form.noValidate = true; // our messages, in the page's language, next to each field

  // The page's words (data-msg-* of the form, written in its language); French otherwise.
  var FRENCH = {
    msgRequired: "Ce champ est obligatoire.",
    msgTooLong: "Ce texte est trop long : {max} caractères au plus.",
    msgReach: "Indiquez un numéro de téléphone ou une adresse e-mail, pour que la CPTS puisse " +
      "vous répondre.",
    msgSummaryOne: "Votre demande n'est pas encore envoyée : un champ est à corriger.",
    msgSummaryMany: "Votre demande n'est pas encore envoyée : {count} champs sont à corriger.",
    msgSending: "Envoi en cours…",
    msgUnreachable: "Le service de messages ne répond pas : votre demande n'est pas envoyée. " +
      "Réessayez dans quelques minutes, ou appelez la CPTS au {phone} ou écrivez à {email}.",
  };

  function words(key, values) {
    var text = form.dataset[key] || FRENCH[key];
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function reason() {
    var checked = form.querySelector('input[name="motif"]:checked');
    return checked ? checked.value : "";
  }

  function show(set, visible) {
    set.hidden = !visible;
    set.disabled = !visible; // a hidden question is neither checked nor sent
  }

  function updateReason() {
    var r = reason();
    show(doctorSet, r === DOCTOR);
    show(otherSet, r !== "" && r !== DOCTOR);
    form.personnes.required = r === DOCTOR;
    form.querySelectorAll('input[name="visites_domicile"]').forEach(function (input) {
      input.required = r === DOCTOR;
    });
    form.message.required = r !== "" && r !== DOCTOR;
  }

  function errorBox(name) {
    return document.getElementById(name + "-erreur");
  }

  function setError(name, message) {
    var box = errorBox(name);
    var controls = form.querySelectorAll('[name="' + name + '"]');
    controls.forEach(function (control) {
      if (message) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    });
    if (!box) return;
    box.textContent = message || "";
    box.hidden = !message;
  }

  function fieldError(name) {
    var controls = Array.prototype.filter.call(
      form.querySelectorAll('[name="' + name + '"]'), function (c) { return !c.disabled; });
    if (!controls.length) return "";
    var first = controls[0];
    if (first.type === "radio") {
      var chosen = controls.some(function (c) { return c.checked; });
      return first.required && !chosen ? first.dataset.msgMissing : "";
    }
    var value = first.type === "checkbox" ? (first.checked ? "oui" : "") : first.value.trim();
    if (first.required && !value) return first.dataset.msgMissing || words("msgRequired");
    if (value && first.validity && !first.validity.valid && first.dataset.msgInvalid) {
      return first.dataset.msgInvalid;
    }
    if (value && first.maxLength > 0 && value.length > first.maxLength) {
      return words("msgTooLong", { max: first.maxLength });
    }
    if (name === "telephone" && value && value.replace(/\D/g, "").length < 10) {
      return first.dataset.msgInvalid;
    }
    if (name === "telephone" && !value && !form.email.value.trim()) {
      return words("msgReach");
    }
    return "";
  }

  var CHECKED = ["motif", "nom", "prenom", "telephone", "email", "commune", "personnes",
                 "visites_domicile", "message", "consentement"];

  function firstControl(name) {
    return form.querySelector('[name="' + name + '"]:not([disabled])');
  }

  function showSummary(errors) {
    var names = Object.keys(errors);
    summary.textContent = "";
    if (!names.length) {
      summary.hidden = true;
      return;
    }
    var title = document.createElement("p");
    title.className = "cpts-contact__summary-title";
    title.textContent = names.length === 1
      ? words("msgSummaryOne")
      : words("msgSummaryMany", { count: names.length });
    var list = document.createElement("ul");
    names.forEach(function (name) {
      var item = document.createElement("li");
      var control = firstControl(name);
      if (control && control.id) {
        var link = document.createElement("a");
        link.href = "#" + control.id;
        link.textContent = errors[name];
        link.addEventListener("click", function (event) {
          event.preventDefault();
          control.focus();
        });
        item.appendChild(link);
      } else {
        item.textContent = errors[name];
      }
      list.appendChild(item);
    });
    summary.appendChild(title);
    summary.appendChild(list);
    summary.hidden = false;
    summary.setAttribute("role", "alert");
    summary.focus();
  }

  function checkAll() {
    var errors = {};
    CHECKED.forEach(function (name) {
      var message = fieldError(name);
      setError(name, message);
      if (message) errors[name] = message;
    });
    return errors;
  }

  function say(text) {
    status.textContent = text;
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "motif") updateReason();
    if (submitted || event.target.value) setError(event.target.name, fieldError(event.target.name));
  });
  form.addEventListener("focusout", function (event) {
    var name = event.target.name;
    if (!name || CHECKED.indexOf(name) < 0) return;
    if (submitted || (event.target.value && event.target.type !== "radio")) {
      setError(name, fieldError(name));
      if (name === "email" || name === "telephone") setError("telephone", fieldError("telephone"));
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submitted = true;
    var errors = checkAll();
    showSummary(errors);
    if (Object.keys(errors).length) return;
    button.disabled = true;
    say(words("msgSending"));
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "application/json" },
      credentials: "omit",
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false }; })
        .then(function (body) { return { status: response.status, body: body }; });
    }).then(function (answer) {
      button.disabled = false;
      if (answer.body.ok) {
        say("");
        form.hidden = true;
        done.hidden = false;
        done.focus();
        return;
      }
      var fields = answer.body.erreurs || {};
      Object.keys(fields).forEach(function (name) { setError(name, fields[name]); });
      say("");
      if (Object.keys(fields).length) showSummary(fields);
      else showSummary({ _: answer.body.message || unreachable() });
    }).catch(function () {
      button.disabled = false;
      say("");
      showSummary({ _: unreachable() });
    });
  });

  function unreachable() {
    return words("msgUnreachable", { phone: form.dataset.phone, email: form.dataset.email });
  }

  var wanted = new URLSearchParams(window.location.search).get("motif");
  var preset = wanted && form.querySelector('input[name="motif"][value="' + CSS.escape(wanted) + '"]');
  if (preset) preset.checked = true;
  updateReason();
})();
