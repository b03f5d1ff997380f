// A small stand-in for the `vscode` module: enough of the extension API for the real
// vscode-languageclient (bundled in dist/extension.js) to run the real `codemode lsp`, and for
// the tests to play the user (open documents, select text, click actions and lenses, change
// settings) and to see what the editor would show (output channels, status bar, messages,
// diagnostics, decorations, applied edits).
//
// It is not a mock of the server: every request goes to the real binary. What it simplifies is
// the editor: one window, documents in memory, no rendering.
//
// Use: `require('./vscode-standin').install()` before requiring the extension.

'use strict';

const Module = require('node:module');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');

const missing = new Set();

// ---------------------------------------------------------------- basic types

class Disposable {
  constructor(fn) {
    this._fn = fn;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((d) => d && d.dispose && d.dispose()));
  }
  dispose() {
    if (this._fn) this._fn();
    this._fn = undefined;
  }
}

class EventEmitter {
  constructor() {
    this._listeners = new Set();
    this.event = (listener, thisArgs, disposables) => {
      const entry = thisArgs ? listener.bind(thisArgs) : listener;
      this._listeners.add(entry);
      const d = new Disposable(() => this._listeners.delete(entry));
      if (Array.isArray(disposables)) disposables.push(d);
      return d;
    };
  }
  fire(value) {
    for (const l of [...this._listeners]) {
      try {
        l(value);
      } catch (error) {
        process.stderr.write(`vscode stand-in: listener failed: ${error && error.stack}\n`);
      }
    }
  }
  dispose() {
    this._listeners.clear();
  }
}

class CancellationTokenSource {
  constructor() {
    const emitter = new EventEmitter();
    this._emitter = emitter;
    this.token = { isCancellationRequested: false, onCancellationRequested: emitter.event };
  }
  cancel() {
    if (!this.token.isCancellationRequested) {
      this.token.isCancellationRequested = true;
      this._emitter.fire();
    }
  }
  dispose() {}
}

class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

class Position {
  constructor(line, character) {
    if (line < 0 || character < 0) throw new Error('Illegal argument: negative position');
    this.line = line;
    this.character = character;
  }
  isBefore(o) {
    return this.line < o.line || (this.line === o.line && this.character < o.character);
  }
  isBeforeOrEqual(o) {
    return this.isBefore(o) || this.isEqual(o);
  }
  isAfter(o) {
    return !this.isBeforeOrEqual(o);
  }
  isAfterOrEqual(o) {
    return !this.isBefore(o);
  }
  isEqual(o) {
    return this.line === o.line && this.character === o.character;
  }
  compareTo(o) {
    return this.isBefore(o) ? -1 : this.isEqual(o) ? 0 : 1;
  }
  translate(lineDelta = 0, characterDelta = 0) {
    return new Position(this.line + lineDelta, this.character + characterDelta);
  }
  with(line = this.line, character = this.character) {
    return new Position(line, character);
  }
}

class Range {
  constructor(a, b, c, d) {
    let start = a;
    let end = b;
    if (typeof a === 'number') {
      start = new Position(a, b);
      end = new Position(c, d);
    }
    if (end.isBefore(start)) [start, end] = [end, start];
    this.start = start;
    this.end = end;
  }
  get isEmpty() {
    return this.start.isEqual(this.end);
  }
  get isSingleLine() {
    return this.start.line === this.end.line;
  }
  contains(x) {
    if (x instanceof Range) return this.contains(x.start) && this.contains(x.end);
    return x.isAfterOrEqual(this.start) && x.isBeforeOrEqual(this.end);
  }
  isEqual(o) {
    return this.start.isEqual(o.start) && this.end.isEqual(o.end);
  }
  intersection(o) {
    const start = this.start.isAfter(o.start) ? this.start : o.start;
    const end = this.end.isBefore(o.end) ? this.end : o.end;
    if (start.isAfter(end)) return undefined;
    return new Range(start, end);
  }
  union(o) {
    const start = this.start.isBefore(o.start) ? this.start : o.start;
    const end = this.end.isAfter(o.end) ? this.end : o.end;
    return new Range(start, end);
  }
  with(start = this.start, end = this.end) {
    return new Range(start, end);
  }
}

class Selection extends Range {
  constructor(anchor, active, c, d) {
    if (typeof anchor === 'number') {
      anchor = new Position(anchor, active);
      active = new Position(c, d);
    }
    super(anchor, active);
    this.anchor = anchor;
    this.active = active;
  }
  get isReversed() {
    return this.active.isBefore(this.anchor);
  }
}

class Uri {
  constructor(scheme, authority, p, query, fragment) {
    this.scheme = scheme;
    this.authority = authority || '';
    this.path = p || '';
    this.query = query || '';
    this.fragment = fragment || '';
  }
  static file(p) {
    return new Uri('file', '', path.resolve(p));
  }
  static parse(value) {
    const m = /^([a-zA-Z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(value);
    if (!m) throw new Error(`stand-in: cannot parse URI ${value}`);
    if (m[1] === 'file') return new Uri('file', '', fileURLToPath(value));
    return new Uri(m[1], m[2], decodeURIComponent(m[3]), m[4], m[5]);
  }
  static joinPath(base, ...parts) {
    return base.with({ path: path.posix.join(base.path, ...parts) });
  }
  get fsPath() {
    return this.path;
  }
  with(change) {
    return new Uri(
      change.scheme ?? this.scheme,
      change.authority ?? this.authority,
      change.path ?? this.path,
      change.query ?? this.query,
      change.fragment ?? this.fragment,
    );
  }
  toString() {
    if (this.scheme === 'file') return pathToFileURL(this.path).href;
    const auth = this.authority ? `//${this.authority}` : '';
    return `${this.scheme}:${auth}${this.path}${this.query ? '?' + this.query : ''}`;
  }
  toJSON() {
    return { scheme: this.scheme, path: this.path, external: this.toString() };
  }
}

const DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 };
const DiagnosticTag = { Unnecessary: 1, Deprecated: 2 };

class Diagnostic {
  constructor(range, message, severity = DiagnosticSeverity.Error) {
    this.range = range;
    this.message = message;
    this.severity = severity;
  }
}

class DiagnosticRelatedInformation {
  constructor(location, message) {
    this.location = location;
    this.message = message;
  }
}

class Location {
  constructor(uri, rangeOrPosition) {
    this.uri = uri;
    this.range =
      rangeOrPosition instanceof Position
        ? new Range(rangeOrPosition, rangeOrPosition)
        : rangeOrPosition;
  }
}

class CodeActionKind {
  constructor(value) {
    this.value = value;
  }
  append(part) {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other) {
    return this.value === '' || other.value === this.value || other.value.startsWith(this.value + '.');
  }
  intersects(other) {
    return this.contains(other) || other.contains(this);
  }
}
for (const [name, value] of Object.entries({
  Empty: '',
  QuickFix: 'quickfix',
  Refactor: 'refactor',
  RefactorExtract: 'refactor.extract',
  RefactorInline: 'refactor.inline',
  RefactorRewrite: 'refactor.rewrite',
  Source: 'source',
  SourceOrganizeImports: 'source.organizeImports',
  SourceFixAll: 'source.fixAll',
})) {
  CodeActionKind[name] = new CodeActionKind(value);
}

class CodeAction {
  constructor(title, kind) {
    this.title = title;
    this.kind = kind;
  }
}

class CodeLens {
  constructor(range, command) {
    this.range = range;
    this.command = command;
  }
  get isResolved() {
    return this.command !== undefined;
  }
}

// Classes vscode-languageclient extends when it loads; never constructed by this server's
// features, so plain data holders.
class CompletionItem {
  constructor(label, kind) {
    this.label = label;
    this.kind = kind;
  }
}
class DocumentLink {
  constructor(range, target) {
    this.range = range;
    this.target = target;
  }
}
class InlayHint {
  constructor(position, label, kind) {
    this.position = position;
    this.label = label;
    this.kind = kind;
  }
}
class SymbolInformation {
  constructor(name, kind, containerName, location) {
    Object.assign(this, { name, kind, containerName, location });
  }
}
class CallHierarchyItem {
  constructor(kind, name, detail, uri, range, selectionRange) {
    Object.assign(this, { kind, name, detail, uri, range, selectionRange });
  }
}
class TypeHierarchyItem extends CallHierarchyItem {}

class TextEdit {
  constructor(range, newText) {
    this.range = range;
    this.newText = newText;
  }
  static replace(range, newText) {
    return new TextEdit(range, newText);
  }
  static insert(position, newText) {
    return new TextEdit(new Range(position, position), newText);
  }
  static delete(range) {
    return new TextEdit(range, '');
  }
}

// Kept in order, as VS Code applies them: file operations and text edits.
class WorkspaceEdit {
  constructor() {
    this._ops = [];
  }
  replace(uri, range, newText) {
    this._ops.push({ kind: 'edit', uri, edit: new TextEdit(range, newText) });
  }
  insert(uri, position, newText) {
    this.replace(uri, new Range(position, position), newText);
  }
  delete(uri, range) {
    this.replace(uri, range, '');
  }
  set(uri, edits) {
    this._ops = this._ops.filter((op) => op.kind !== 'edit' || op.uri.toString() !== uri.toString());
    for (const e of edits || []) {
      const edit = Array.isArray(e) ? e[0] : e;
      this.replace(uri, edit.range, edit.newText);
    }
  }
  createFile(uri, options = {}) {
    this._ops.push({ kind: 'create', uri, options });
  }
  deleteFile(uri, options = {}) {
    this._ops.push({ kind: 'delete', uri, options });
  }
  renameFile(oldUri, newUri, options = {}) {
    this._ops.push({ kind: 'rename', uri: oldUri, newUri, options });
  }
  has(uri) {
    return this._ops.some((op) => op.uri.toString() === uri.toString());
  }
  get(uri) {
    return this._ops.filter((op) => op.kind === 'edit' && op.uri.toString() === uri.toString()).map((op) => op.edit);
  }
  entries() {
    const byUri = new Map();
    for (const op of this._ops) {
      if (op.kind !== 'edit') continue;
      const key = op.uri.toString();
      if (!byUri.has(key)) byUri.set(key, [op.uri, []]);
      byUri.get(key)[1].push(op.edit);
    }
    return [...byUri.values()];
  }
  get size() {
    return new Set(this._ops.map((op) => op.uri.toString())).size;
  }
}

class MarkdownString {
  constructor(value = '', supportThemeIcons = false) {
    this.value = value;
    this.supportThemeIcons = supportThemeIcons;
  }
  appendText(t) {
    this.value += t;
    return this;
  }
  appendMarkdown(t) {
    this.value += t;
    return this;
  }
  appendCodeblock(code, lang = '') {
    this.value += `\n\`\`\`${lang}\n${code}\n\`\`\`\n`;
    return this;
  }
}

class ThemeColor {
  constructor(id) {
    this.id = id;
  }
}

class RelativePattern {
  constructor(base, pattern) {
    this.baseUri = typeof base === 'string' ? Uri.file(base) : base.uri ?? base;
    this.base = this.baseUri.fsPath;
    this.pattern = pattern;
  }
}

class TabInputText {
  constructor(uri) {
    this.uri = uri;
  }
}
class TabInputTextDiff {
  constructor(original, modified) {
    this.original = original;
    this.modified = modified;
  }
}
class TabInputCustom {
  constructor(uri, viewType) {
    this.uri = uri;
    this.viewType = viewType;
  }
}

// ---------------------------------------------------------------- documents

const EndOfLine = { LF: 1, CRLF: 2 };

class TextDocument {
  constructor(uri, languageId, text) {
    this.uri = uri;
    this.fileName = uri.fsPath;
    this.languageId = languageId;
    this.version = 1;
    this.isClosed = false;
    this.isDirty = false;
    this.isUntitled = uri.scheme === 'untitled';
    this.eol = EndOfLine.LF;
    this._text = text;
  }
  get lineCount() {
    return this._lines().length;
  }
  _lines() {
    return this._text.split('\n');
  }
  getText(range) {
    if (!range) return this._text;
    return this._text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
  lineAt(lineOrPosition) {
    const line = typeof lineOrPosition === 'number' ? lineOrPosition : lineOrPosition.line;
    const lines = this._lines();
    if (line < 0 || line >= lines.length) throw new Error(`stand-in: line ${line} out of range`);
    const text = lines[line];
    return {
      lineNumber: line,
      text,
      range: new Range(line, 0, line, text.length),
      rangeIncludingLineBreak: new Range(line, 0, line + 1, 0),
      firstNonWhitespaceCharacterIndex: text.length - text.trimStart().length,
      isEmptyOrWhitespace: text.trim() === '',
    };
  }
  // Positions count UTF-16 code units, like VS Code.
  offsetAt(position) {
    const lines = this._lines();
    const line = Math.min(position.line, lines.length - 1);
    let offset = 0;
    for (let i = 0; i < line; i++) offset += lines[i].length + 1;
    return offset + Math.min(position.character, lines[line].length);
  }
  positionAt(offset) {
    const clamped = Math.max(0, Math.min(offset, this._text.length));
    const before = this._text.slice(0, clamped).split('\n');
    return new Position(before.length - 1, before[before.length - 1].length);
  }
  validateRange(range) {
    return range;
  }
  validatePosition(position) {
    return position;
  }
  getWordRangeAtPosition() {
    return undefined;
  }
  save() {
    return Promise.resolve(true);
  }
}

// ---------------------------------------------------------------- configuration

function makeConfiguration(manifest) {
  const defaults = new Map();
  for (const section of manifest.contributes.configuration) {
    for (const [key, schema] of Object.entries(section.properties)) {
      defaults.set(key, schema.default);
    }
  }
  const user = new Map();
  const changed = new EventEmitter();
  const lookup = (full) => {
    if (user.has(full)) return user.get(full);
    if (defaults.has(full)) return defaults.get(full);
    // A section: the object of its keys, as VS Code returns it.
    const prefix = full + '.';
    let found = false;
    const out = {};
    for (const key of new Set([...defaults.keys(), ...user.keys()])) {
      if (!key.startsWith(prefix)) continue;
      found = true;
      const parts = key.slice(prefix.length).split('.');
      let node = out;
      for (const part of parts.slice(0, -1)) node = node[part] ??= {};
      node[parts[parts.length - 1]] = user.has(key) ? user.get(key) : defaults.get(key);
    }
    return found ? out : undefined;
  };
  const getConfiguration = (section) => {
    const full = (key) => (section ? `${section}.${key}` : key);
    return {
      get(key, defaultValue) {
        const value = lookup(full(key));
        return value === undefined ? defaultValue : structuredClone(value);
      },
      has(key) {
        return lookup(full(key)) !== undefined;
      },
      inspect(key) {
        const k = full(key);
        return { key: k, defaultValue: defaults.get(k), globalValue: user.get(k) };
      },
      update(key, value) {
        return setUser({ [full(key)]: value });
      },
    };
  };
  // Changes settings (undefined removes one) and fires onDidChangeConfiguration.
  const setUser = async (values) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) user.delete(key);
      else user.set(key, value);
    }
    const keys = Object.keys(values);
    changed.fire({
      affectsConfiguration: (section) =>
        keys.some((k) => k === section || k.startsWith(section + '.') || section.startsWith(k + '.')),
    });
  };
  return { getConfiguration, setUser, onDidChange: changed.event };
}

// ---------------------------------------------------------------- the module

const LANGUAGES = { py: 'python', js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascriptreact',
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescriptreact', md: 'markdown' };
function languageOf(file) {
  return LANGUAGES[path.extname(file).slice(1)] ?? 'plaintext';
}

function create(options = {}) {
  const manifest = options.manifest;
  const events = {
    open: new EventEmitter(),
    change: new EventEmitter(),
    close: new EventEmitter(),
    save: new EventEmitter(),
    willSave: new EventEmitter(),
    activeEditor: new EventEmitter(),
    visibleEditors: new EventEmitter(),
    diagnostics: new EventEmitter(),
  };
  const configuration = makeConfiguration(manifest);
  const documents = [];
  const providers = { codeActions: [], codeLenses: [] };
  const commands = new Map();
  const executedUnknown = [];
  const messages = [];
  const outputChannels = new Map();
  const statusItems = [];
  const collections = [];
  const appliedEdits = [];
  let activeTextEditor;
  const visibleTextEditors = [];
  const { minimatch } = require(path.join(__dirname, '..', 'node_modules', 'minimatch'));

  const match = (selector, document) => {
    const one = (s) => {
      if (typeof s === 'string') return s === '*' || s === document.languageId ? 10 : 0;
      if (s.language && s.language !== '*' && s.language !== document.languageId) return 0;
      if (s.scheme && s.scheme !== '*' && s.scheme !== document.uri.scheme) return 0;
      if (s.notebookType) return 0;
      if (s.pattern) {
        const pattern = typeof s.pattern === 'string' ? s.pattern : path.join(s.pattern.base, s.pattern.pattern);
        if (!minimatch(document.uri.fsPath, pattern, { dot: true, matchBase: true })) return 0;
      }
      return 10;
    };
    const list = Array.isArray(selector) ? selector : [selector];
    return Math.max(0, ...list.map(one));
  };

  const message = (level) => (text, ...items) => {
    messages.push({ level, text: String(text) });
    const choice = options.messageChoice ? options.messageChoice(level, text, items) : undefined;
    return Promise.resolve(choice);
  };

  const applyToDocument = (document, edits) => {
    // Apply from the end so earlier offsets stay valid.
    const sorted = [...edits].sort((a, b) => b.range.start.compareTo(a.range.start));
    const changes = [];
    let text = document._text;
    for (const edit of sorted) {
      const start = document.offsetAt(edit.range.start);
      const end = document.offsetAt(edit.range.end);
      text = text.slice(0, start) + edit.newText + text.slice(end);
      changes.push({ range: edit.range, rangeOffset: start, rangeLength: end - start, text: edit.newText });
    }
    document._text = text;
    document.version += 1;
    document.isDirty = true;
    events.change.fire({ document, contentChanges: changes, reason: undefined });
  };

  class TextEditor {
    constructor(document) {
      this.document = document;
      this.selection = new Selection(0, 0, 0, 0);
      this.selections = [this.selection];
      this.decorations = new Map();
      this.options = {};
      this.viewColumn = 1;
    }
    setDecorations(type, ranges) {
      this.decorations.set(type.key, ranges);
    }
    edit(callback) {
      const edits = [];
      callback({
        replace: (range, text) => edits.push(new TextEdit(range, text)),
        insert: (pos, text) => edits.push(TextEdit.insert(pos, text)),
        delete: (range) => edits.push(TextEdit.delete(range)),
      });
      applyToDocument(this.document, edits);
      return Promise.resolve(true);
    }
    revealRange() {}
  }

  let decorationCount = 0;
  const vscode = {
    version: options.version ?? '1.101.0',
    Disposable,
    EventEmitter,
    CancellationTokenSource,
    CancellationError,
    Position,
    Range,
    Selection,
    Uri,
    Diagnostic,
    DiagnosticSeverity,
    DiagnosticTag,
    DiagnosticRelatedInformation,
    Location,
    CodeAction,
    CodeActionKind,
    CodeActionTriggerKind: { Invoke: 1, Automatic: 2 },
    CodeLens,
    CompletionItem,
    DocumentLink,
    InlayHint,
    SymbolInformation,
    CallHierarchyItem,
    TypeHierarchyItem,
    TextEdit,
    WorkspaceEdit,
    MarkdownString,
    ThemeColor,
    RelativePattern,
    TabInputText,
    TabInputTextDiff,
    TabInputCustom,
    EndOfLine,
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    TextDocumentSaveReason: { Manual: 1, AfterDelay: 2, FocusOut: 3 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    NotebookCellKind: { Markup: 1, Code: 2 },
    env: {
      language: 'en',
      appName: 'Visual Studio Code (codemode test stand-in)',
      appRoot: '/nonexistent',
      uriScheme: 'vscode',
      machineId: 'codemode-test',
      sessionId: 'codemode-test',
      openExternal: () => Promise.resolve(true),
    },
    workspace: {
      get textDocuments() {
        return documents.filter((d) => !d.isClosed);
      },
      workspaceFolders: options.workspaceFolder
        ? [{ uri: Uri.file(options.workspaceFolder), name: path.basename(options.workspaceFolder), index: 0 }]
        : undefined,
      notebookDocuments: [],
      getWorkspaceFolder: (uri) =>
        vscode.workspace.workspaceFolders?.find((f) => uri.fsPath.startsWith(f.uri.fsPath + path.sep)),
      asRelativePath: (uriOrPath) => {
        const p = typeof uriOrPath === 'string' ? uriOrPath : uriOrPath.fsPath;
        return options.workspaceFolder ? path.relative(options.workspaceFolder, p) : p;
      },
      getConfiguration: configuration.getConfiguration,
      onDidChangeConfiguration: configuration.onDidChange,
      onDidOpenTextDocument: events.open.event,
      onDidChangeTextDocument: events.change.event,
      onDidCloseTextDocument: events.close.event,
      onDidSaveTextDocument: events.save.event,
      onWillSaveTextDocument: events.willSave.event,
      onDidChangeWorkspaceFolders: new EventEmitter().event,
      onDidOpenNotebookDocument: new EventEmitter().event,
      onDidChangeNotebookDocument: new EventEmitter().event,
      onDidSaveNotebookDocument: new EventEmitter().event,
      onDidCloseNotebookDocument: new EventEmitter().event,
      onDidCreateFiles: new EventEmitter().event,
      onDidRenameFiles: new EventEmitter().event,
      onDidDeleteFiles: new EventEmitter().event,
      onWillCreateFiles: new EventEmitter().event,
      onWillRenameFiles: new EventEmitter().event,
      onWillDeleteFiles: new EventEmitter().event,
      createFileSystemWatcher: () => ({
        onDidCreate: new EventEmitter().event,
        onDidChange: new EventEmitter().event,
        onDidDelete: new EventEmitter().event,
        dispose() {},
      }),
      // File operations on disk, text edits in documents (opened from disk when needed), in
      // order; false (nothing more applied) at the first one that cannot be.
      applyEdit: async (edit) => {
        appliedEdits.push(edit);
        const fs = require('node:fs');
        const open = (uri) => documents.find((d) => !d.isClosed && d.uri.toString() === uri.toString());
        const ops = edit._ops;
        for (let i = 0; i < ops.length; i += 1) {
          const op = ops[i];
          const file = op.uri.fsPath;
          if (op.kind === 'create') {
            if (fs.existsSync(file) && !op.options.overwrite) {
              if (op.options.ignoreIfExists) continue;
              return false;
            }
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, '');
          } else if (op.kind === 'delete') {
            if (!fs.existsSync(file)) {
              if (op.options.ignoreIfNotExists) continue;
              return false;
            }
            fs.rmSync(file, { recursive: !!op.options.recursive });
          } else if (op.kind === 'rename') {
            if (fs.existsSync(op.newUri.fsPath) && !op.options.overwrite) {
              if (op.options.ignoreIfExists) continue;
              return false;
            }
            fs.renameSync(file, op.newUri.fsPath);
          } else {
            let document = open(op.uri);
            if (!document) {
              if (op.uri.scheme !== 'file' || !fs.existsSync(file)) return false;
              document = standin.openDocument(file, languageOf(file), fs.readFileSync(file, 'utf8'));
            }
            // A document's consecutive edits apply together, against the text before them
            // (as VS Code applies a TextDocumentEdit: one change, one undo step).
            const edits = [op.edit];
            while (i + 1 < ops.length && ops[i + 1].kind === 'edit' && ops[i + 1].uri.toString() === op.uri.toString()) {
              i += 1;
              edits.push(ops[i].edit);
            }
            applyToDocument(document, edits);
          }
        }
        return true;
      },
      openTextDocument: async (arg) => {
        if (arg && typeof arg === 'object' && 'content' in arg) {
          return standin.openDocument(`/untitled-${documents.length + 1}`, arg.language ?? 'plaintext', arg.content, 'untitled');
        }
        const uri = typeof arg === 'string' ? Uri.file(arg) : arg;
        const found = documents.find((d) => !d.isClosed && d.uri.toString() === uri.toString());
        if (found) return found;
        throw new Error(`stand-in: openTextDocument needs text: use standin.openDocument(${uri.fsPath}, ...)`);
      },
    },
    window: {
      get activeTextEditor() {
        return activeTextEditor;
      },
      get visibleTextEditors() {
        return [...visibleTextEditors];
      },
      onDidChangeActiveTextEditor: events.activeEditor.event,
      onDidChangeVisibleTextEditors: events.visibleEditors.event,
      onDidChangeTextEditorSelection: new EventEmitter().event,
      tabGroups: { all: [], onDidChangeTabs: new EventEmitter().event, onDidChangeTabGroups: new EventEmitter().event },
      createOutputChannel: (name) => {
        const channel = {
          name,
          text: '',
          shown: 0,
          append(value) {
            this.text += value;
          },
          appendLine(value) {
            this.text += value + '\n';
          },
          replace(value) {
            this.text = value;
          },
          clear() {
            this.text = '';
          },
          show() {
            this.shown += 1;
          },
          hide() {},
          dispose() {},
        };
        outputChannels.set(name, channel);
        return channel;
      },
      createStatusBarItem: (alignment, priority) => {
        const item = { alignment, priority, text: '', tooltip: undefined, command: undefined, visible: false,
          show() { this.visible = true; }, hide() { this.visible = false; }, dispose() {} };
        statusItems.push(item);
        return item;
      },
      createTextEditorDecorationType: (optionsArg) => ({
        key: `decoration-${++decorationCount}`,
        options: optionsArg,
        dispose() {},
      }),
      showErrorMessage: message('error'),
      showWarningMessage: message('warning'),
      showInformationMessage: message('info'),
      // `cancel()` of an entry is the user clicking the notification's Cancel button (only
      // offered for `cancellable` progress, as in VS Code).
      withProgress: (opts, task) => {
        const source = new CancellationTokenSource();
        const reports = [];
        const entry = {
          options: opts,
          reports,
          done: false,
          cancel() {
            if (!opts.cancellable) throw new Error('stand-in: this progress has no Cancel button');
            source.cancel();
          },
        };
        standin.progress.push(entry);
        return Promise.resolve(task({ report: (value) => reports.push(value) }, source.token)).finally(() => {
          entry.done = true;
        });
      },
      showTextDocument: async (documentOrUri) => {
        const document =
          documentOrUri instanceof TextDocument ? documentOrUri : await vscode.workspace.openTextDocument(documentOrUri);
        return standin.showDocument(document);
      },
    },
    languages: {
      match,
      createDiagnosticCollection: (name) => {
        const entries = new Map();
        const collection = {
          name,
          set(uri, diagnostics) {
            if (Array.isArray(uri)) {
              for (const [u, d] of uri) entries.set(u.toString(), d ?? []);
            } else {
              entries.set(uri.toString(), diagnostics ?? []);
            }
            events.diagnostics.fire({ uris: [uri] });
          },
          get(uri) {
            return entries.get(uri.toString()) ?? [];
          },
          has(uri) {
            return entries.has(uri.toString());
          },
          delete(uri) {
            entries.delete(uri.toString());
          },
          clear() {
            entries.clear();
          },
          forEach(fn) {
            for (const [k, v] of entries) fn(Uri.parse(k), v, collection);
          },
          dispose() {
            entries.clear();
            const i = collections.indexOf(collection);
            if (i >= 0) collections.splice(i, 1);
          },
        };
        collections.push(collection);
        return collection;
      },
      getDiagnostics: (uri) => collections.flatMap((c) => c.get(uri)),
      onDidChangeDiagnostics: events.diagnostics.event,
      registerCodeActionsProvider: (selector, provider, metadata) => {
        const entry = { selector, provider, metadata };
        providers.codeActions.push(entry);
        return new Disposable(() => providers.codeActions.splice(providers.codeActions.indexOf(entry), 1));
      },
      registerCodeLensProvider: (selector, provider) => {
        const entry = { selector, provider };
        providers.codeLenses.push(entry);
        return new Disposable(() => providers.codeLenses.splice(providers.codeLenses.indexOf(entry), 1));
      },
    },
    commands: {
      registerCommand: (id, handler, thisArg) => {
        if (commands.has(id)) throw new Error(`command '${id}' already exists`);
        commands.set(id, thisArg ? handler.bind(thisArg) : handler);
        return new Disposable(() => commands.delete(id));
      },
      executeCommand: async (id, ...args) => {
        const handler = commands.get(id);
        if (!handler) {
          executedUnknown.push({ id, args });
          return undefined;
        }
        return handler(...args);
      },
      getCommands: async () => [...commands.keys()],
    },
  };

  if (options.mcp) {
    const registered = [];
    vscode.lm = {
      registerMcpServerDefinitionProvider: (id, provider) => {
        const contributed = manifest.contributes.mcpServerDefinitionProviders ?? [];
        if (!contributed.some((p) => p.id === id)) {
          throw new Error(`MCP provider ${id} is not contributed in package.json`);
        }
        const entry = { id, provider };
        registered.push(entry);
        return new Disposable(() => registered.splice(registered.indexOf(entry), 1));
      },
    };
    vscode.McpStdioServerDefinition = class McpStdioServerDefinition {
      constructor(label, command, args = [], env = {}, version) {
        Object.assign(this, { label, command, args, env, version });
      }
    };
    vscode.McpHttpServerDefinition = class McpHttpServerDefinition {
      constructor(label, uri, headers = {}, version) {
        Object.assign(this, { label, uri, headers, version });
      }
    };
    standinMcp.registered = registered;
  }

  const standin = {
    vscode,
    messages,
    outputChannels,
    statusItems,
    appliedEdits,
    executedUnknown,
    progress: [],
    commands,
    mcp: standinMcp,
    setSettings: configuration.setUser,
    /** Opens a document (as if the user opened a file, with this unsaved text). */
    openDocument(file, languageId, text, scheme = 'file') {
      const uri = scheme === 'file' ? Uri.file(file) : new Uri(scheme, '', file);
      const document = new TextDocument(uri, languageId, text);
      documents.push(document);
      events.open.fire(document);
      return document;
    },
    showDocument(document) {
      let editor = visibleTextEditors.find((e) => e.document === document);
      if (!editor) {
        editor = new TextEditor(document);
        visibleTextEditors.push(editor);
        events.visibleEditors.fire([...visibleTextEditors]);
      }
      activeTextEditor = editor;
      events.activeEditor.fire(editor);
      return editor;
    },
    /** Types: replaces `range` with `text` as the user would. */
    edit(document, range, text) {
      applyToDocument(document, [new TextEdit(range, text)]);
    },
    closeDocument(document) {
      document.isClosed = true;
      const i = visibleTextEditors.findIndex((e) => e.document === document);
      if (i >= 0) visibleTextEditors.splice(i, 1);
      if (activeTextEditor?.document === document) activeTextEditor = undefined;
      events.close.fire(document);
    },
    /** What the editor's lightbulb would list: every matching provider's actions. */
    async codeActions(document, range) {
      const source = new CancellationTokenSource();
      const context = { diagnostics: vscode.languages.getDiagnostics(document.uri), triggerKind: 1, only: undefined };
      const out = [];
      for (const { selector, provider } of providers.codeActions) {
        if (!match(selector, document)) continue;
        out.push(...((await provider.provideCodeActions(document, range, context, source.token)) ?? []));
      }
      return out;
    },
    async codeLenses(document) {
      const source = new CancellationTokenSource();
      const out = [];
      for (const { selector, provider } of providers.codeLenses) {
        if (!match(selector, document)) continue;
        out.push(...((await provider.provideCodeLenses(document, source.token)) ?? []));
      }
      return out;
    },
    /** Runs a command the way the editor does when the user clicks an action or a lens. */
    run(command) {
      return vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    },
    missing,
  };
  return standin;
}

const standinMcp = { registered: [] };

let current;

/** Makes `require('vscode')` resolve to a fresh stand-in; returns it. */
function install(options) {
  current = create(options);
  if (!install.hooked) {
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (request === 'vscode') return 'vscode';
      return resolve.call(this, request, ...rest);
    };
    install.hooked = true;
  }
  const mod = new Module('vscode');
  mod.filename = 'vscode';
  mod.loaded = true;
  // Unknown names resolve through this prototype: report them (set CODEMODE_STANDIN_DEBUG).
  const exportsWithReport = Object.create(
    new Proxy(
      {},
      {
        get(_target, key) {
          if (typeof key === 'string' && !['then', 'toJSON', 'default', '__esModule'].includes(key)) {
            missing.add(key);
            if (process.env.CODEMODE_STANDIN_DEBUG) process.stderr.write(`vscode stand-in: missing ${key}\n`);
          }
          return undefined;
        },
      },
    ),
  );
  Object.assign(exportsWithReport, current.vscode);
  mod.exports = exportsWithReport;
  Module._cache.vscode = mod;
  return current;
}

module.exports = { install, Position, Range, Selection, Uri };
