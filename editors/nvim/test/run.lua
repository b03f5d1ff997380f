-- The Neovim plugin in a real headless Neovim 0.11 against the real server:
--
--   CODEMODE_BIN=target/debug/codemode nvim --headless -u NONE -i NONE -l editors/nvim/test/run.lua
--
-- Loads the plugin as a plugin manager would (runtimepath + plugin/), opens a Python file with
-- unsaved edits and checks what the user sees: the server attached, `:Codemode run` showing
-- the failure (virtual text, floating window, diagnostics, results buffer, progress), a
-- selection's output, lenses, the AI commands answering with the server's words, `:Codemode
-- restart`, and `:checkhealth codemode`. Prints `nvim-plugin: N passed, N failed`; exit code 0
-- only when all passed. Keep XDG_*_HOME in a temporary directory (editors/test.sh does).

local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local plugin_root = vim.fn.fnamemodify(here, ':h')
local bin = vim.fn.fnamemodify(os.getenv('CODEMODE_BIN') or 'target/debug/codemode', ':p')
local TIMEOUT_MS = 20000

local passed, failed, skipped = 0, 0, 0

local model_proc ---@type vim.SystemObj?

local function finish()
  if model_proc then
    model_proc:kill(9)
  end
  io.stdout:write(('nvim-plugin: %d passed, %d failed\n'):format(passed, failed))
  if skipped > 0 then
    io.stdout:write(('nvim-plugin: %d skipped\n'):format(skipped))
  end
  for _, client in ipairs(vim.lsp.get_clients({ name = 'codemode' })) do
    client:stop(true)
  end
  vim.wait(3000, function()
    return #vim.lsp.get_clients({ name = 'codemode' }) == 0
  end)
  os.exit(failed == 0 and 0 or 1)
end

local function fail(message)
  failed = failed + 1
  io.stdout:flush()
  io.stderr:write('FAILED: ' .. message .. '\n')
  finish()
end

local function check(cond, what, detail)
  if cond then
    passed = passed + 1
    io.stdout:write('ok - ' .. what .. '\n')
  else
    fail(what .. (detail and (': ' .. tostring(detail)) or ''))
  end
end

local function skip(what, why)
  skipped = skipped + 1
  io.stdout:write(('skip - %s (%s)\n'):format(what, why))
end

local function wait_for(what, predicate)
  local value
  local ok = vim.wait(TIMEOUT_MS, function()
    value = predicate()
    return value
  end, 20)
  if not ok then
    fail(('timed out after %d ms waiting for %s'):format(TIMEOUT_MS, what))
  end
  return value
end

vim.defer_fn(function()
  fail('the whole test took more than 150 s')
end, 150000)

if vim.fn.executable(bin) ~= 1 then
  fail('no codemode binary at ' .. bin .. ' (set CODEMODE_BIN)')
end

-- Messages the user would see.
local notified = {}
vim.notify = function(msg, level)
  table.insert(notified, { msg = msg, level = level })
end
local progress = {}
local progress_begun, progress_ended = {}, {} -- token → true
vim.api.nvim_create_autocmd('LspProgress', {
  callback = function(args)
    table.insert(progress, args.data.params.value)
    local kind, token = args.data.params.value.kind, args.data.params.token
    if kind == 'begin' then
      progress_begun[token] = true
    elseif kind == 'end' then
      progress_ended[token] = true
    end
  end,
})

-- Installed as a plugin manager does it: on the runtimepath, plugin/ sourced at startup.
vim.g.codemode_server_path = bin
vim.opt.runtimepath:prepend(plugin_root)
vim.cmd('filetype on')
vim.cmd('runtime! plugin/codemode.lua')

local config = vim.lsp.config.codemode
check(config and type(config.cmd) == 'function' and vim.tbl_contains(config.filetypes, 'python'),
  "lsp/codemode.lua is a vim.lsp.Config (vim.lsp.config.codemode)")
check(vim.lsp.is_enabled('codemode'), 'plugin/codemode.lua enabled the server (no setup() needed)')

-- The help file builds its tags without errors (duplicate or malformed tags fail).
local docdir = vim.fn.tempname()
vim.fn.mkdir(docdir, 'p')
vim.fn.writefile(vim.fn.readfile(plugin_root .. '/doc/codemode.txt'), docdir .. '/codemode.txt')
local ok_tags, tags_err = pcall(vim.cmd.helptags, docdir)
local tags = ok_tags and table.concat(vim.fn.readfile(docdir .. '/tags'), '\n') or ''
check(ok_tags and tags:find(':Codemode', 1, true) and tags:find('g:codemode_server_path', 1, true),
  'doc/codemode.txt builds its help tags', tags_err)

-- A file whose saved text runs clean; the unsaved buffer divides by zero.
local dir = vim.fn.tempname()
vim.fn.mkdir(dir, 'p')
local path = dir .. '/report.py'
vim.fn.writefile({
  'def report():',
  '    print("computing the report")',
  '    total = 1 / 1',
  '    return total',
  '',
  'print("hello from the sandbox")',
}, path)
vim.cmd.edit(path)
local buf = vim.api.nvim_get_current_buf()
vim.api.nvim_buf_set_lines(buf, 2, 3, false, { '    total = 1 / 0' })

local client = wait_for('the codemode client to attach', function()
  local c = vim.lsp.get_clients({ name = 'codemode', bufnr = buf })[1]
  return c and c.initialized and c
end)
check(client.server_info and client.server_info.name == 'codemode', 'the server started and attached',
  vim.inspect(client.server_info))

-- :Codemode run on the failing line: virtual text, float, diagnostic, results buffer.
vim.api.nvim_win_set_cursor(0, { 3, 4 })
local codemode = require('codemode')
codemode.last_result = nil
vim.cmd('Codemode run')
local result = wait_for('the run result', function()
  return codemode.last_result
end)
check(result.outcome.status == 'error' and result.outcome.error.kind == 'ZeroDivisionError',
  ':Codemode run runs the unsaved text', vim.inspect(result.outcome.error))

local marks = vim.api.nvim_buf_get_extmarks(buf, codemode.ns, 0, -1, { details = true })
local virt = marks[1] and marks[1][4].virt_text and marks[1][4].virt_text[1][1] or ''
check(marks[1] and marks[1][2] == 0 and virt:find('ZeroDivisionError: division by zero', 1, true),
  'the result is shown as virtual text on the snippet line', vim.inspect(marks))

local float_lines = codemode.float_win and vim.api.nvim_win_is_valid(codemode.float_win)
  and vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(codemode.float_win), 0, -1, false) or {}
local float_text = table.concat(float_lines, '\n')
check(float_text:find('function report', 1, true) and float_text:find('total = 1 / 0', 1, true)
    and float_text:find('computing the report', 1, true),
  'a floating window shows the output and the traceback', float_text)

local diagnostics = wait_for('the diagnostic', function()
  local d = vim.diagnostic.get(buf)
  return #d > 0 and d
end)
check(diagnostics[1].lnum == 2 and diagnostics[1].message == 'ZeroDivisionError: division by zero'
    and diagnostics[1].source == 'codemode',
  'the failure is a diagnostic at the failing line', vim.inspect(diagnostics[1]))
-- (The diagnostics come after the server's message per run, which clients that render the
-- results themselves, as this plugin says at initialize, do not get.)
check(#notified == 0, 'no message per run: the plugin renders the results itself', vim.inspect(notified))

local started = vim.tbl_filter(function(v)
  return v.kind == 'begin'
end, progress)
check(#started > 0 and (started[1].title == 'codemode'), "the run's progress comes through LSP progress",
  vim.inspect(progress))

-- A selection (:2,2Codemode run): its stdout in the results buffer.
codemode.last_result = nil
vim.cmd('6,6Codemode run')
result = wait_for('the selection result', function()
  return codemode.last_result
end)
check(result.outcome.status == 'ok' and result.outcome.stdout == 'hello from the sandbox\n',
  ':N,MCodemode run runs the selected lines', vim.inspect(result.outcome))
vim.cmd('Codemode output')
local out_lines = vim.api.nvim_buf_get_lines(codemode.results_buffer(), 0, -1, false)
local out = table.concat(out_lines, '\n')
check(vim.api.nvim_get_current_buf() == codemode.results_buffer() and out:find('hello from the sandbox', 1, true)
    and out:find('ZeroDivisionError', 1, true),
  ':Codemode output opens every run in codemode://results', out)
vim.cmd('close')
vim.api.nvim_set_current_buf(buf)

-- Lenses: Neovim's own codelens support shows the server's "▶ Run" lenses.
local lenses = wait_for('the code lenses', function()
  vim.lsp.codelens.refresh({ bufnr = buf })
  local l = vim.lsp.codelens.get(buf)
  return #l > 0 and l
end)
local titles = vim.tbl_map(function(l)
  return l.command and l.command.title or ''
end, lenses)
check(vim.iter(titles):any(function(t)
  return t:find('▶ Run', 1, true) ~= nil
end), 'code lenses show ▶ Run', vim.inspect(titles))

-- Editing clears the virtual text (it was about the old text).
vim.api.nvim_buf_set_lines(buf, 4, 4, false, { '' })
vim.api.nvim_exec_autocmds('TextChanged', { buffer = buf })
check(#vim.api.nvim_buf_get_extmarks(buf, codemode.ns, 0, -1, {}) == 0, 'editing clears the virtual text')

-- :Codemode restart: a new server that knows the buffer. A command given right away (no
-- server attached yet) runs once the new server is up.
local old_id = client.id
codemode.last_result = nil
notified = {}
vim.api.nvim_win_set_cursor(0, { 6, 0 })
vim.cmd('Codemode restart')
check(#vim.lsp.get_clients({ name = 'codemode', bufnr = buf }) == 0, ':Codemode restart detaches the old server at once')
vim.cmd('Codemode run')
local new_client = wait_for('the restarted client', function()
  local c = vim.lsp.get_clients({ name = 'codemode', bufnr = buf })[1]
  return c and c.id ~= old_id and c.initialized and c
end)
local old = vim.lsp.get_client_by_id(old_id)
check(new_client.id ~= old_id and (old == nil or old:is_stopped()), ':Codemode restart replaces the server')
result = wait_for('the run given during the restart', function()
  return codemode.last_result
end)
check(result.outcome.status == 'ok' and result.outcome.stdout == 'hello from the sandbox\n',
  'a run given during the restart runs on the new server', vim.inspect({ result.outcome, notified }))

-- :Codemode cancel stops a run in flight (the time limit is the default 10 s here).
local loop_path = dir .. '/loop.py'
vim.fn.writefile({ 'while True:', '    pass' }, loop_path)
vim.cmd.edit(loop_path)
local loop_buf = vim.api.nvim_get_current_buf()
wait_for('the server to attach to loop.py', function()
  return codemode.client(loop_buf)
end)
local cancelled = nil
notified = {}
codemode.action(codemode.commands.run, { line1 = 1, line2 = 2, on_done = function(err)
  cancelled = err or 'finished'
end })
local run_id = wait_for('the run to be in flight', function()
  return next(codemode.in_flight)
end)
local run_token = codemode.in_flight[run_id].token
wait_for('the run to begin', function()
  return progress_begun[run_token]
end)
local started_at = vim.uv.now()
vim.wait(200)
vim.cmd('Codemode cancel')
check(type(cancelled) == 'table' and cancelled.code == -32800 and next(codemode.in_flight) == nil,
  ':Codemode cancel ends the run for the plugin', vim.inspect(cancelled))
-- The server stopped it: its progress ends long before the 10 s limit.
wait_for('the server to end the run', function()
  return progress_ended[run_token]
end)
local took = vim.uv.now() - started_at
check(took < 3000 and #notified == 0, ':Codemode cancel stops the run in the server, without an error message',
  vim.inspect({ took, notified }))

-- vim.g.codemode_settings reach the server at its next start: a 1 s time limit.
vim.g.codemode_settings = { limits = { timeout = '1s' } }
local before_restart = codemode.client(loop_buf).id
vim.cmd('Codemode restart')
wait_for('the server restarted with the settings', function()
  local c = vim.lsp.get_clients({ name = 'codemode', bufnr = loop_buf })[1]
  return c and c.id ~= before_restart and c.initialized
end)
codemode.last_result = nil
started_at = vim.uv.now()
vim.cmd('1,2Codemode run')
result = wait_for('the endless loop to be stopped', function()
  return codemode.last_result
end)
took = vim.uv.now() - started_at
check(result.outcome.status == 'timeout' and took < 8000,
  'vim.g.codemode_settings reach the server (a 1 s timeout stops an endless loop)',
  ('%s after %d ms'):format(result.outcome.status, took))
vim.g.codemode_settings = nil
vim.api.nvim_set_current_buf(buf)
pcall(vim.api.nvim_buf_delete, loop_buf, { force = true })

-- ---------------------------------------------------------------- the AI commands
-- The scripted model (tests/scripted-model/server.py) answers the real OpenAI protocol from a
-- script: Auto-fix proposes a wrong candidate first (still a NameError), then the right one;
-- Generate tests proposes three tests, one of them wrong, then two that pass.
local repo = vim.fn.fnamemodify(plugin_root, ':h:h')
local model_dir = vim.fn.tempname()
vim.fn.mkdir(model_dir, 'p')
local function propose(tool, arguments, match)
  return { match = match, tool_calls = { { name = tool, arguments = arguments } } }
end
local TESTS_1 = table.concat({
  'def test_simple():', '    assert slugify("Hello World") == "hello-world"', '', '',
  'def test_spaces():', '    assert slugify("A  B") == "a--b"', '', '',
  'def test_punctuation():', '    assert slugify("Hi, there!") == "hi-there"', '',
}, '\n')
local TESTS_2 = table.concat({
  'def test_spaces():', '    assert slugify("A  B") == "a-b"', '', '',
  'def test_punctuation():', '    assert slugify("Hi, there!") == "hi-there"', '',
}, '\n')
vim.fn.writefile({ vim.json.encode({
  propose('propose_fix', { code = '    return sum(pricez) * TAX', start_line = 7, end_line = 7 }),
  propose('propose_fix', { code = '    return sum(prices) * TAX', start_line = 7, end_line = 7,
    explanation = '`price` is a typo for `prices`.' }, 'still fails'),
  propose('propose_tests', { code = TESTS_1 }),
  propose('propose_tests', { code = TESTS_2,
    findings = { { test = 'test_punctuation', reason = 'punctuation is kept' } } }, 'These failed'),
}) }, model_dir .. '/script.json')
local model_log = model_dir .. '/requests.jsonl'
local model_port
model_proc = vim.system({ 'python3', repo .. '/tests/scripted-model/server.py', model_dir .. '/script.json', model_log },
  { stdout = function(_, data)
    local port = data and data:match('PORT (%d+)')
    if port then
      model_port = tonumber(port)
    end
  end })
wait_for('the scripted model to listen', function()
  return model_port
end)
local function model_requests()
  if vim.fn.filereadable(model_log) == 0 then
    return {}
  end
  local out = {}
  for _, line in ipairs(vim.fn.readfile(model_log)) do
    local entry = vim.json.decode(line)
    if entry.body then
      table.insert(out, entry)
    end
  end
  return out
end

-- The model in the server's settings, its key in an environment variable the settings name.
vim.g.codemode_settings = { model = {
  provider = 'openai',
  baseUrl = ('http://127.0.0.1:%d/v1'):format(model_port),
  model = 'scripted-1',
  apiKeyEnv = 'CODEMODE_TEST_MODEL_KEY',
  timeout = '20s',
} }
vim.g.codemode_server_env = { CODEMODE_TEST_MODEL_KEY = 'sk-test-not-a-real-key' }

-- A cart whose unsaved text has a typo (the file on disk is older).
local CART = {
  '# cart.py',
  'TAX = 2',
  '',
  '',
  'def total():',
  '    prices = [3, 4, 5]',
  '    return sum(price) * TAX',
  '',
  '',
  'print("loaded")',
}
local FIXED = vim.list_extend(vim.list_slice(CART, 1, 6), { '    return sum(prices) * TAX', '', '', 'print("loaded")' })
local cart_path = dir .. '/cart.py'
vim.fn.writefile({ '# cart.py (not written yet)' }, cart_path)
vim.cmd.edit(cart_path)
local cart = vim.api.nvim_get_current_buf()
vim.api.nvim_buf_set_lines(cart, 0, -1, false, CART)
-- What the user typed is one undo step of its own (as leaving insert mode makes it).
vim.cmd('let &g:undolevels = &g:undolevels')
local before_ai = client.id
vim.cmd('Codemode restart')
wait_for('the server restarted with the model settings', function()
  local c = vim.lsp.get_clients({ name = 'codemode', bufnr = cart })[1]
  return c and c.id ~= before_ai and c.initialized
end)

vim.api.nvim_win_set_cursor(0, { 7, 15 })
codemode.last_result = nil
vim.cmd('Codemode run')
result = wait_for('the run of the cart', function()
  return codemode.last_result
end)
wait_for('the NameError diagnostic', function()
  return #vim.diagnostic.get(cart, { lnum = 6 }) > 0
end)
check(result.outcome.status == 'error' and result.outcome.error.kind == 'NameError'
    and vim.diagnostic.get(cart, { lnum = 6 })[1].message:find("name 'price' is not defined", 1, true),
  ':Codemode run shows the NameError of the unsaved text', vim.inspect(result.outcome.error))
-- Another server's diagnostic at the cursor: it goes to the model too.
local linter = vim.api.nvim_create_namespace('test-linter')
vim.diagnostic.set(linter, cart, { {
  lnum = 6, col = 15, end_lnum = 6, end_col = 20, severity = vim.diagnostic.severity.ERROR,
  message = 'F821 Undefined name `price`', source = 'ruff',
} })

-- Record what the user sees: progress (echo area and vim.lsp.status()), messages, commands sent.
local echoed, statuses, executed = {}, {}, {}
local real_echo = vim.api.nvim_echo
vim.api.nvim_echo = function(chunks, history, opts)
  table.insert(echoed, chunks[1] and chunks[1][1] or '')
  return real_echo(chunks, history, opts)
end
local status_watch = vim.api.nvim_create_autocmd('LspProgress', {
  callback = function()
    table.insert(statuses, vim.lsp.status())
  end,
})
local real_execute = codemode.execute
codemode.execute = function(c, b, command, on_done)
  table.insert(executed, command)
  return real_execute(c, b, command, on_done)
end
notified = {}
vim.cmd('Codemode fix')
local fixed_msg = wait_for('the Auto-fix message', function()
  return vim.iter(notified):find(function(n)
    return n.msg:find('fixed in round', 1, true)
  end)
end)
local cart_text = vim.api.nvim_buf_get_lines(cart, 0, -1, false)
check(vim.deep_equal(cart_text, FIXED), ':Codemode fix leaves exactly the fixed text in the buffer',
  table.concat(cart_text, '\n'))
local fix_command = executed[1] or {}
local fix_args = fix_command.arguments and fix_command.arguments[1] or {}
local passed_sources = vim.tbl_map(function(d)
  return d.source
end, fix_args.diagnostics or {})
table.sort(passed_sources)
check(#executed == 1 and fix_command.command == 'codemode.fix' and fix_command.title == 'Auto-fix with AI'
    and vim.deep_equal(passed_sources, { 'codemode', 'ruff' }),
  ':Codemode fix performs the quickfix "Auto-fix with AI" with the diagnostics at the cursor', vim.inspect(executed))
local requests = model_requests()
local prompt = requests[1] and requests[1].body.messages[2].content or ''
check(#requests == 2 and prompt:find('The editor reports on the snippet', 1, true)
    and prompt:find('- line 7: F821 Undefined name `price` (ruff)', 1, true)
    and requests[1].headers.authorization == 'Bearer sha256:' .. vim.fn.sha256('sk-test-not-a-real-key'),
  'the model got the diagnostics, and the key from the variable apiKeyEnv names', prompt)
check(fixed_msg.level == vim.log.levels.INFO
    and fixed_msg.msg:find('^codemode: Auto%-fix with AI: fixed in round 2 %(%d+ tokens%): `price` is a typo for `prices`%.$'),
  'the user sees the result and the explanation through vim.notify', vim.inspect(notified))
local rounds = vim.tbl_filter(function(line)
  return line:find('^codemode: Auto%-fix with AI: round 2/3 · %d+ tokens · ') ~= nil
end, echoed)
local status_rounds = vim.tbl_filter(function(line)
  return line:find('Auto-fix with AI', 1, true) and line:find('round 2/3', 1, true)
end, statuses)
check(#rounds > 0 and #status_rounds > 0, 'the progress shows the rounds and tokens (echo area and vim.lsp.status())',
  vim.inspect({ echoed = echoed, statuses = statuses }))
wait_for('the stale diagnostics to go', function()
  return #vim.diagnostic.get(cart, { namespace = vim.lsp.diagnostic.get_namespace(codemode.client(cart).id) }) == 0
end)
vim.cmd('undo')
cart_text = vim.api.nvim_buf_get_lines(cart, 0, -1, false)
check(vim.deep_equal(cart_text, CART), 'one undo step (u) brings back the text before the fix',
  table.concat(cart_text, '\n'))
vim.diagnostic.reset(linter, cart)

-- :Codemode tests in a function: only the tests that pass are inserted; the one that fails
-- because the code is wrong becomes a warning on the function.
local SLUG = {
  'def slugify(title):',
  '    """Lowercase words joined by dashes, without punctuation."""',
  '    return "-".join(title.lower().split())',
}
vim.fn.writefile(SLUG, dir .. '/slug.py')
vim.cmd.edit(dir .. '/slug.py')
local slug = vim.api.nvim_get_current_buf()
wait_for('the server to attach to slug.py', function()
  return codemode.client(slug)
end)
vim.api.nvim_win_set_cursor(0, { 3, 4 })
notified, executed, echoed = {}, {}, {}
vim.cmd('Codemode tests')
local tests_msg = wait_for('the Generate tests message', function()
  return vim.iter(notified):find(function(n)
    return n.msg:find('Generate tests:', 1, true)
  end)
end)
local slug_text = table.concat(vim.api.nvim_buf_get_lines(slug, 0, -1, false), '\n')
check(vim.startswith(slug_text, table.concat(SLUG, '\n') .. '\n') and slug_text:find('def test_simple', 1, true)
    and slug_text:find('== "a-b"', 1, true) and not slug_text:find('a--b', 1, true)
    and not slug_text:find('test_punctuation', 1, true),
  ':Codemode tests inserts only the tests that pass', slug_text)
check(executed[1] and executed[1].command == 'codemode.generateTests' and executed[1].title == 'Generate tests for `slugify`'
    and tests_msg.msg:find('inserted 2 passing test(s) for `slugify` into slug.py', 1, true)
    and tests_msg.msg:find('1 test(s) show the code is wrong', 1, true),
  ':Codemode tests performs "Generate tests for `slugify`" and says what it inserted', vim.inspect({ executed, notified }))
local finding = wait_for('the finding', function()
  return vim.iter(vim.diagnostic.get(slug)):find(function(d)
    return d.source == 'codemode tests'
  end)
end)
check(finding.lnum == 0 and finding.severity == vim.diagnostic.severity.WARN
    and finding.message:find('punctuation is kept', 1, true),
  'the failing test is a warning on the function', vim.inspect(finding))
check(vim.iter(echoed):any(function(line)
  return line:find('^codemode: Generate tests: ') ~= nil
end), 'the progress of Generate tests is shown', vim.inspect(echoed))
vim.api.nvim_echo = real_echo
codemode.execute = real_execute
vim.api.nvim_del_autocmd(status_watch)
vim.api.nvim_set_current_buf(buf)

-- A buffer codemode does not serve gets a clear message, not a silent no-op.
vim.cmd.edit(dir .. '/notes.txt')
notified = {}
vim.cmd('Codemode run')
check(notified[1] and notified[1].msg:find('text buffers are not run by codemode', 1, true),
  ':Codemode run in a text buffer says codemode does not run it', vim.inspect(notified))
vim.api.nvim_set_current_buf(buf)

-- :checkhealth codemode
vim.cmd('checkhealth codemode')
local health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
check(health:find('OK server binary: ' .. bin, 1, true) and health:find('OK version: codemode', 1, true)
    and health:find('OK runtime python: ok', 1, true) and health:find('OK language server running', 1, true)
    and health:find('OK model: provider openai, model scripted-1, baseUrl http://127.0.0.1:', 1, true)
    and health:find('OK model key: $CODEMODE_TEST_MODEL_KEY is set', 1, true)
    and not health:find('ERROR', 1, true),
  ':checkhealth codemode reports OK, with the configured model', health)

-- A wrong path is an error with advice, not a crash.
vim.g.codemode_server_path = dir .. '/no-such-codemode'
vim.cmd('checkhealth codemode')
health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
check(health:find('ERROR codemode: vim.g.codemode_server_path = ', 1, true) and health:find('ADVICE', 1, true),
  ':checkhealth codemode explains a wrong server path', health)
vim.g.codemode_server_path = bin

-- Without a model: how to configure one, in the server's settings names.
vim.g.codemode_settings = nil
vim.cmd('checkhealth codemode')
health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
check(health:find('model: not configured', 1, true) and health:find('provider = "openai"', 1, true)
    and health:find('apiKeyEnv', 1, true),
  ':checkhealth codemode says how to configure a model', health)

finish()
