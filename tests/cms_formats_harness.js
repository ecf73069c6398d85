// Loads site-builder-cms.js with a stand-in CMS and reads/writes files through its formats.
const fs = require("fs"), vm = require("vm");
const [script, jsyamlPath, configPath, format, inputPath] = process.argv.slice(2);
const formats = {};
const sandbox = {
  console, document: { currentScript: null }, window: {},
  CMS: { registerCustomFormat: (name, ext, f) => { formats[name] = f; }, registerEditorComponent() {},
         registerPreviewTemplate() {}, registerEventListener() {}, registerPreviewStyle() {}, getLocale() { return null; },
         registerWidget() {} },
  h() {}, createClass() { return {}; },
  fetch: (url) => Promise.resolve({ ok: true, json: () => Promise.resolve({}),
                                    text: () => Promise.resolve(url === "config.yml" ? fs.readFileSync(configPath, "utf8") : "") }),
};
sandbox.window = sandbox;
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(jsyamlPath, "utf8"), sandbox);
vm.runInContext(fs.readFileSync(script, "utf8"), sandbox);
setTimeout(() => {
  const data = formats[format].fromFile(fs.readFileSync(inputPath, "utf8"));
  process.stdout.write(JSON.stringify(data) + "\n---\n" + formats[format].toFile(data));
}, 50);
