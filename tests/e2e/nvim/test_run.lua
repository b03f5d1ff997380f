-- End to end in a real Neovim 0.11, headless: the editor's own LSP client starts
-- `codemode lsp` for a Python buffer, asks for code actions at a failing line of *unsaved*
-- text, executes "Run in sandbox", and gets the diagnostic and the run's output back.
--
--   CODEMODE_BIN=target/debug/codemode nvim --headless -u NONE -l tests/e2e/nvim/test_run.lua
--
-- Exits 0 when every check passes, 1 with a message on stderr otherwise. Set XDG_*_HOME to
-- a temporary directory (tests/e2e/run.sh does) so nothing touches $HOME.

local bin = os.getenv('CODEMODE_BIN') or 'target/debug/codemode'
local TIMEOUT_MS = 20000

local passed, failed = 0, 0

local function finish()
  io.stdout:write(('nvim: %d passed, %d failed\n'):format(passed, failed))
  for _, client in ipairs(vim.lsp.get_clients({ name = 'codemode' })) do
    client:stop()
    vim.wait(3000, function()
      return client:is_stopped()
    end)
  end
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
    fail(what .. (detail and (': ' .. detail) or ''))
  end
end

local function wait_for(what, predicate)
  if not vim.wait(TIMEOUT_MS, predicate, 20) then
    fail(('timed out after %d ms waiting for %s'):format(TIMEOUT_MS, what))
  end
end

-- A watchdog for anything that blocks outside vim.wait.
vim.defer_fn(function()
  fail('the whole test took more than 90 s')
end, 90000)

if vim.fn.executable(bin) ~= 1 then
  fail('no codemode binary at ' .. bin .. ' (set CODEMODE_BIN)')
end

vim.cmd('filetype on')

-- The file on disk runs clean; the buffer's unsaved edit makes it fail.
local dir = vim.fn.tempname()
vim.fn.mkdir(dir, 'p')
local path = dir .. '/report.py'
vim.fn.writefile({
  'def report():',
  '    print("computing the report")',
  '    label = "🎉 total"; total = 1 / 1',
  '    return total',
}, path)

local run_results = {}
vim.lsp.config('codemode', {
  cmd = { bin, 'lsp' },
  filetypes = { 'python' },
  root_markers = { '.git' },
  handlers = {
    ['codemode/runResult'] = function(_, result)
      table.insert(run_results, result)
    end,
  },
})
vim.lsp.enable('codemode')

vim.cmd.edit(vim.fn.fnameescape(path))
local bufnr = vim.api.nvim_get_current_buf()
check(vim.bo[bufnr].filetype == 'python', 'the buffer is python', vim.bo[bufnr].filetype)

local client
wait_for('codemode to attach', function()
  client = vim.lsp.get_clients({ bufnr = bufnr, name = 'codemode' })[1]
  return client ~= nil and client.initialized
end)
check(client.offset_encoding == 'utf-8', 'utf-8 positions negotiated', client.offset_encoding)

-- Unsaved edit: divide by zero on line 3 (0-based 2), after an emoji.
local failing = '    label = "🎉 total"; total = 1 / 0'
vim.api.nvim_buf_set_lines(bufnr, 2, 3, true, { failing })
check(vim.bo[bufnr].modified, 'the buffer has unsaved changes')

-- Code actions with the cursor on the failing line.
vim.api.nvim_win_set_cursor(0, { 3, 4 })
local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
params.context = { diagnostics = {} }
local response = client:request_sync('textDocument/codeAction', params, TIMEOUT_MS, bufnr)
check(response and not response.err, 'textDocument/codeAction answered', vim.inspect(response))
local action
for _, a in ipairs(response.result or {}) do
  if a.title == 'Run in sandbox' then
    action = a
  end
end
check(action ~= nil, 'the "Run in sandbox" action is offered', vim.inspect(response.result))
check(action.command and action.command.command == 'codemode.run', 'it carries codemode.run')

-- Execute it the way Neovim does for a code action's command.
local command_result, command_err
client:exec_cmd(action.command, { bufnr = bufnr }, function(err, result)
  command_err, command_result = err, result or vim.NIL
end)
wait_for('the codemode.run result', function()
  return command_result ~= nil or command_err ~= nil
end)
check(command_err == nil, 'codemode.run succeeded', vim.inspect(command_err))
check(
  command_result.status == 'error',
  'the run failed as the unsaved text says',
  vim.inspect(command_result)
)
check(
  command_result.stdout == 'computing the report\n',
  'the command result has the stdout',
  vim.inspect(command_result.stdout)
)

-- The diagnostic, as vim.diagnostic has it (0-based line, byte column).
local diagnostics
wait_for('diagnostics', function()
  diagnostics = vim.diagnostic.get(bufnr)
  return #diagnostics > 0
end)
check(#diagnostics == 1, 'one diagnostic', vim.inspect(diagnostics))
local d = diagnostics[1]
check(d.lnum == 2, 'the diagnostic is on the failing line', tostring(d.lnum))
local col = failing:find('1 / 0', 1, true) - 1
check(
  d.col == col,
  'the diagnostic starts at `1 / 0` (byte column after the emoji)',
  d.col .. ' ~= ' .. col
)
check(d.end_col == col + #'1 / 0', 'the diagnostic ends after `1 / 0`', tostring(d.end_col))
check(d.message == 'ZeroDivisionError: division by zero', 'the diagnostic message', d.message)
check(d.source == 'codemode', 'the diagnostic source', tostring(d.source))
check(d.severity == vim.diagnostic.severity.ERROR, 'the diagnostic is an error')

-- The codemode/runResult notification with the run's stdout.
wait_for('codemode/runResult', function()
  return #run_results > 0
end)
local r = run_results[#run_results]
check(
  r.name == 'report' and r.kind == 'function',
  'runResult names the function',
  r.name .. ' ' .. r.kind
)
check(
  r.outcome.stdout == 'computing the report\n',
  'runResult carries the stdout',
  vim.inspect(r.outcome.stdout)
)
check(r.uri == vim.uri_from_bufnr(bufnr), 'runResult is for the buffer', r.uri)

-- The lens above the function shows the last result.
local lenses = client:request_sync('textDocument/codeLens', {
  textDocument = vim.lsp.util.make_text_document_params(bufnr),
}, TIMEOUT_MS, bufnr)
local title
for _, lens in ipairs(lenses and lenses.result or {}) do
  if lens.range.start.line == 0 and lens.command.title:find('ZeroDivisionError', 1, true) then
    title = lens.command.title
  end
end
check(title ~= nil, 'the lens shows the last result', vim.inspect(lenses))

-- The file on disk was never written: the server ran the buffer's text.
check(vim.fn.readfile(path)[3]:find('1 / 1', 1, true) ~= nil, 'the file on disk is unchanged')

finish()
