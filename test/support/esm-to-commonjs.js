/**
 * Jest transform for the few packages that ship only as ES modules (hyparquet,
 * its codecs and its writer; change-case, parse-json and the others that
 * openapi-typescript requires): jest's CommonJS runtime cannot load them as they
 * are (node can: it requires ES modules since 20.19), so they are compiled to
 * CommonJS here, file by file, by TypeScript's transpiler.
 */
const ts = require('typescript');

module.exports = {
  process(source, filename) {
    const { outputText } = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    return { code: outputText };
  },
};
