// site-builder's additions to Decap CMS, served from /admin/ beside the CMS (never a CDN).
// - content/principles.yml, departments.yml and awards.yml are YAML lists: a custom format puts
//   the list under `items` so Decap's list widget and relation pickers can use it;
// - interview turns and questions are inserted with a form that picks the speaker from the
//   people, so nobody types `@` (the markers are the editor guide's: `@id: ...`, `Q2 to @id: ...`);
// - the story preview attributes each turn with the person's name and role, in the site's styles;
// - saving refuses what validation would refuse and the form alone cannot express (a cover
//   without alt text, a speaker who is not in the story's people).
/* global CMS, h, createClass, jsyaml */
(function () {
  "use strict";
  var script = document.currentScript;
  var LIST_KEY = "items";
  var WHO = "([^\\s:@]+)";
  var ANSWER = new RegExp("^@" + WHO + ":\\s+(.*)$");
  var QUESTION = new RegExp("^Q(\\d*)(?:\\s+by\\s+@" + WHO + ")?(?:\\s*,?\\s+to\\s+@" + WHO + ")?\\s*:\\s+(.*)$");
  var people = {};

  // Decap 3.x labels its "new entry" buttons with U+FF0B (a full-width plus from the CJK
  // blocks), which the fonts of most Linux desktops and of Debian's Chromium lack: the button
  // showed an empty box before "Story". Its phrases are plain objects in Decap's registry, read
  // when the app starts (after this script), so the sign is swapped for one every font has.
  var LOCALES = ["bg", "ca", "cs", "da", "de", "en", "es", "fa", "fr", "gr", "he", "hr", "hu", "it", "ja", "ko",
                 "lt", "nb_no", "nl", "nn_no", "pl", "pt", "ro", "ru", "sl", "sv", "th", "tr", "uk", "vi",
                 "zh_Hans", "zh_Hant"];
  var drawable = function (phrases) {
    Object.keys(phrases).forEach(function (key) {
      var value = phrases[key];
      if (typeof value === "string") { phrases[key] = value.replace(/\uFF0B/g, "+"); }
      else if (value && typeof value === "object") { drawable(value); }
    });
  };
  LOCALES.forEach(function (code) {
    var phrases = CMS.getLocale && CMS.getLocale(code);
    if (phrases) { drawable(phrases); }
  });
  var english = CMS.getLocale && CMS.getLocale("en");
  if (english && english.collection && english.collection.collectionTop) {
    english.collection.collectionTop.newButton = "New %{collectionLabel}";
  }

  fetch("people.json").then(function (r) { return r.ok ? r.json() : {}; })
    .then(function (data) { people = data; }, function () { people = {}; });

  // Names, summaries and roles (`words` in config.yml) on a site with two languages or more are
  // one text per language in the form: plain text in a file is read as the first language's,
  // and written back as plain text while no other language has one (`name: {en: ..., vi: ...}`
  // otherwise), so files nobody translated stay as they were.
  var words = { first: "en", list: {}, person: {} };  // the words keys of each format's files
  var findWords = function (fields, keys) {
    (fields || []).forEach(function (field) {
      if (field && field.words) { keys[field.name] = true; }
      else if (field && field.fields) { findWords(field.fields, keys); }
    });
  };
  fetch("config.yml").then(function (r) { return r.ok ? r.text() : ""; }).then(function (text) {
    var config = jsyaml.load(text) || {};
    if (config.i18n && config.i18n.locales) { words.first = config.i18n.default_locale || config.i18n.locales[0]; }
    (config.collections || []).forEach(function (c) {
      if (c.format === "site-builder-person") { findWords(c.fields, words.person); }
      if (c.format === "site-builder-list") {
        (c.files || []).forEach(function (f) { findWords(f.fields, words.list); });
      }
    });
  }, function () {});
  var wordsIn = function (entry, keys) {
    if (!entry || typeof entry !== "object") { return entry; }
    Object.keys(keys).forEach(function (key) {
      var value = entry[key];
      if (typeof value === "string" || typeof value === "number") {
        entry[key] = {};
        entry[key][words.first] = String(value);
      }
    });
    return entry;
  };
  var wordsOut = function (entry, keys) {
    if (!entry || typeof entry !== "object") { return entry; }
    Object.keys(keys).forEach(function (key) {
      var value = entry[key];
      if (!value || typeof value !== "object") { return; }
      var given = {};
      Object.keys(value).forEach(function (lang) {
        if (value[lang] !== undefined && value[lang] !== null && String(value[lang]).trim()) { given[lang] = value[lang]; }
      });
      var langs = Object.keys(given);
      if (!langs.length) { delete entry[key]; }
      else if (langs.length === 1 && langs[0] === words.first) { entry[key] = given[words.first]; }
      else { entry[key] = given; }
    });
    return entry;
  };

  CMS.registerCustomFormat("site-builder-list", "yml", {
    fromFile: function (text) {
      var data = jsyaml.load(text);
      var out = {};
      out[LIST_KEY] = Array.isArray(data) ? data.map(function (item) { return wordsIn(item, words.list); }) : [];
      return out;
    },
    toFile: function (data) {
      return jsyaml.dump((data[LIST_KEY] || []).map(function (item) { return wordsOut(item, words.list); }), { lineWidth: -1, noRefs: true });
    }
  });
  // A person's file on a site with two languages or more: YAML, its `role` as above.
  CMS.registerCustomFormat("site-builder-person", "yml", {
    fromFile: function (text) { return wordsIn(jsyaml.load(text) || {}, words.person); },
    toFile: function (data) {
      return jsyaml.dump(wordsOut(Object.assign({}, data), words.person), { lineWidth: -1, noRefs: true });
    }
  });

  var personField = function (name, label, required) {
    return { name: name, label: label, widget: "relation", collection: "people", value_field: "{{slug}}",
             search_fields: ["name", "role"], display_fields: ["name"], required: required };
  };
  var oneLine = function (text) { return String(text || "").replace(/\s+/g, " ").trim(); };

  CMS.registerEditorComponent({
    id: "sb-turn",
    label: "Turn",
    fields: [personField("who", "Speaker", true),
             { name: "text", label: "What they said", widget: "text" }],
    pattern: ANSWER,
    fromBlock: function (m) { return { who: m[1], text: m[2] }; },
    toBlock: function (d) { return "@" + d.who + ": " + oneLine(d.text); },
    toPreview: function (d) { return "@" + d.who + ": " + oneLine(d.text); }
  });

  CMS.registerEditorComponent({
    id: "sb-question",
    label: "Question",
    fields: [{ name: "number", label: "Number", widget: "number", value_type: "int", min: 1, required: false },
             personField("to", "Asked to", false),
             personField("by", "Asked by (empty: the interviewer)", false),
             { name: "text", label: "The question", widget: "text" }],
    pattern: QUESTION,
    fromBlock: function (m) { return { number: m[1] ? Number(m[1]) : null, by: m[2], to: m[3], text: m[4] }; },
    toBlock: function (d) {
      return "Q" + (d.number || "") + (d.by ? " by @" + d.by : "") + (d.to ? " to @" + d.to : "") +
        ": " + oneLine(d.text);
    },
    toPreview: function (d) { return "Q" + (d.number || "") + ": " + oneLine(d.text); }
  });

  // `@x` names a person by id or short name (case and accents aside), as validation reads it.
  var fold = function (s) { return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); };
  var person = function (ref, storyPeople) {
    var ids = storyPeople.length ? storyPeople : Object.keys(people);
    for (var i = 0; i < ids.length; i++) {
      var p = people[ids[i]] || {};
      if (fold(ids[i]) === fold(ref) || (p.short_name && fold(p.short_name) === fold(ref))) {
        return { id: ids[i], name: p.name || ids[i], role: p.role || "" };
      }
    }
    return null;
  };

  var label = function (who, role) {
    return h("div", { className: "sb-turn__who" },
      h("span", { className: "sb-turn__speaker" }, h("span", { className: "sb-turn__name" }, who)),
      role ? h("span", { className: "sb-turn__role" }, role) : null);
  };

  var blocks = function (lines, key) {
    var out = [];
    var para = [];
    var flush = function () {
      if (para.length) { out.push(h("p", { key: key + "-" + out.length }, para.join(" "))); para = []; }
    };
    lines.forEach(function (line) {
      var heading = /^(#{2,6})\s+(.*)$/.exec(line);
      if (heading) { flush(); out.push(h("h" + heading[1].length, { key: key + "-" + out.length }, heading[2])); }
      else if (!line.trim()) { flush(); }
      else { para.push(line.trim()); }
    });
    flush();
    return out;
  };

  // A turn runs to the next marker, heading or `---`, as in site_builder/model/interview.py.
  var renderBody = function (body, storyPeople) {
    var out = [];
    var plain = [];
    var turn = null;
    var close = function () {
      if (turn) { out.push(h("div", { key: "t" + out.length, className: "sb-turn sb-turn--" + turn.kind },
        turn.who, blocks(turn.lines, "t" + out.length))); turn = null; }
    };
    var flushPlain = function () { if (plain.length) { out.push.apply(out, blocks(plain, "p" + out.length)); plain = []; } };
    String(body || "").split("\n").forEach(function (line) {
      var a = ANSWER.exec(line);
      var q = a ? null : QUESTION.exec(line);
      if (a || q) {
        close(); flushPlain();
        if (a) {
          var p = person(a[1], storyPeople);
          turn = { kind: "answer", who: label(p ? p.name : "@" + a[1], p ? p.role : ""), lines: [a[2]] };
        } else {
          var to = q[3] && person(q[3], storyPeople);
          var by = q[2] && person(q[2], storyPeople);
          turn = { kind: "question", lines: [q[4]], who: h("div", { className: "sb-turn__who" },
            h("span", { className: "sb-q" }, "Q" + q[1]),
            by ? h("span", { className: "sb-turn__name" }, by.name + " asks") : null,
            to ? h("span", { className: "sb-turn__to" }, " to ") : null,
            to ? h("span", { className: "sb-turn__name" }, to.name) : null) };
        }
      } else if (/^\s{0,3}#{1,6}\s/.test(line) || /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
        close(); plain.push(line);
      } else if (turn) { turn.lines.push(line); } else { plain.push(line); }
    });
    close(); flushPlain();
    return out;
  };

  var StoryPreview = createClass({
    render: function () {
      var data = this.props.entry.get("data");
      var storyPeople = (data.get("people") || []).toJS ? data.get("people").toJS() : [];
      return h("div", { className: "md-content" }, h("article", { className: "md-content__inner md-typeset" },
        h("h1", null, data.get("title")),
        h("p", { className: "sb-story__summary" }, data.get("summary")),
        renderBody(data.get("body"), storyPeople)));
    }
  });
  CMS.registerPreviewTemplate("stories", StoryPreview);
  String((script && script.getAttribute("data-preview-styles")) || "").split(" ").forEach(function (url) {
    if (url) { CMS.registerPreviewStyle(url); }
  });

  var speakers = function (body) {
    var refs = [];
    String(body || "").split("\n").forEach(function (line) {
      var a = ANSWER.exec(line);
      var q = a ? null : QUESTION.exec(line);
      if (a) { refs.push(a[1]); }
      if (q) { if (q[2]) { refs.push(q[2]); } if (q[3]) { refs.push(q[3]); } }
    });
    return refs;
  };

  CMS.registerEventListener({
    name: "preSave",
    handler: function (args) {
      var entry = args.entry;
      var data = entry.get("data");
      if (entry.get("collection") === "stories") {
        if (data.get("cover") && !oneLine(data.get("cover_alt"))) {
          throw new Error("The cover needs its alt text: say in 'Cover alt' what the picture shows.");
        }
        var listed = data.get("people") && data.get("people").toJS ? data.get("people").toJS() : [];
        speakers(data.get("body")).forEach(function (ref) {
          var known = listed.some(function (id) {
            var p = people[id] || {};
            return fold(id) === fold(ref) || (p.short_name && fold(p.short_name) === fold(ref));
          });
          if (!known) { throw new Error("@" + ref + " speaks in the story but is not in its People: add them there."); }
        });
      }
      if (entry.get("collection") === "people" && data.get("photo") && !oneLine(data.get("photo_alt"))) {
        throw new Error("The photo needs its alt text: say in 'Photo alt' what the picture shows.");
      }
      return data;
    }
  });
}());
