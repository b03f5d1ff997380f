-- codemode for Neovim: asks the language server for its actions and shows what it reports.
-- No domain logic: the server finds snippets, runs them and computes fixes.
local M = {}

local NAME = 'codemode'
M.ns = vim.api.nvim_create_namespace('codemode')

--- The server's commands, carried by its code actions and lenses.
M.commands = {
  run = 'codemode.run',
  fix = 'codemode.fix',
  tests = 'codemode.generateTests',
}

local function option(name, default)
  local value = vim.g['codemode_' .. name]
  if value == nil then
    return default
  end
  return value
end

local function notify(message, level)
  vim.notify(message, level or vim.log.levels.INFO, { title = 'codemode' })
end

---@return vim.lsp.Client?
function M.client(bufnr)
  return vim.lsp.get_clients({ name = NAME, bufnr = bufnr or vim.api.nvim_get_current_buf() })[1]
end

-- ---------------------------------------------------------------- results

local results_buf ---@type integer?

--- The scratch buffer `codemode://results` that collects every run's output.
function M.results_buffer()
  if results_buf and vim.api.nvim_buf_is_valid(results_buf) then
    return results_buf
  end
  results_buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_name(results_buf, 'codemode://results')
  vim.bo[results_buf].bufhidden = 'hide'
  vim.bo[results_buf].filetype = 'codemode-results'
  return results_buf
end

--- The lines shown for one run (results buffer and floating window).
---@return string[]
function M.render(result, label)
  local outcome = result.outcome or {}
  local lines = {
    ('%s %s · %s:%d · %s'):format(result.kind, result.name, label, result.range.start.line + 1, result.summary),
  }
  local function block(title, text)
    if type(text) ~= 'string' or vim.trim(text) == '' then
      return
    end
    table.insert(lines, title .. ':')
    for _, line in ipairs(vim.split(text:gsub('%s+$', ''), '\n', { plain = true })) do
      table.insert(lines, '  ' .. line)
    end
  end
  block('stdout', outcome.stdout)
  block('stderr', outcome.stderr)
  if type(outcome.value) == 'string' then
    block('value', outcome.value)
  end
  if type(outcome.error) == 'table' then
    block(outcome.error.kind, outcome.error.traceback ~= '' and outcome.error.traceback or outcome.error.message)
  end
  return lines
end

M.last_result = nil ---@type table?
M.float_win = nil ---@type integer?

--- Handler of the server's `codemode/runResult` notification.
function M.on_run_result(result, _)
  M.last_result = result
  local bufnr = vim.uri_to_bufnr(result.uri)
  local label = vim.fn.fnamemodify(vim.uri_to_fname(result.uri), ':~:.')
  local lines = M.render(result, label)

  local out = M.results_buffer()
  local count = vim.api.nvim_buf_line_count(out)
  local empty = count == 1 and vim.api.nvim_buf_get_lines(out, 0, 1, false)[1] == ''
  vim.api.nvim_buf_set_lines(out, empty and 0 or count, -1, false, lines)

  -- Virtual text and float belong to the text that ran: only if the buffer is still there.
  if vim.lsp.util.buf_versions[bufnr] ~= result.version then
    return
  end
  if option('virtual_text', true) then
    local ok = result.outcome and result.outcome.status == 'ok'
    pcall(vim.api.nvim_buf_set_extmark, bufnr, M.ns, result.range.start.line, 0, {
      id = result.range.start.line + 1, -- one per line: a new run replaces it
      virt_text = { { '⇒ ' .. result.summary, ok and 'DiagnosticOk' or 'DiagnosticError' } },
      virt_text_pos = 'eol',
      hl_mode = 'combine',
    })
  end
  if option('float', true) and vim.api.nvim_get_current_buf() == bufnr then
    local _, win = vim.lsp.util.open_floating_preview(lines, 'codemode-results', {
      border = 'rounded',
      focus_id = 'codemode-result',
      max_width = math.max(40, math.floor(vim.o.columns * 0.8)),
      max_height = math.max(5, math.floor(vim.o.lines * 0.5)),
    })
    M.float_win = win
  end
end

--- Virtual text is about the text that ran: clear it when the buffer changes.
function M.watch_buffer(bufnr)
  if vim.b[bufnr].codemode_watched then
    return
  end
  vim.b[bufnr].codemode_watched = true
  vim.api.nvim_create_autocmd({ 'TextChanged', 'TextChangedI' }, {
    buffer = bufnr,
    group = vim.api.nvim_create_augroup('codemode.buffer.' .. bufnr, { clear = true }),
    callback = function()
      vim.api.nvim_buf_clear_namespace(bufnr, M.ns, 0, -1)
    end,
  })
end

-- ---------------------------------------------------------------- commands

local token_count = 0

--- Runs in flight: request id → { client, token, on_done } (for :Codemode cancel).
M.in_flight = {} ---@type table<integer, { client: vim.lsp.Client, token: string, on_done?: function }>

local REQUEST_CANCELLED = -32800

--- Sends `workspace/executeCommand` with a progress token; errors are shown as the server says them.
---@param on_done? fun(err: table?, result: any)
function M.execute(client, bufnr, command, on_done)
  token_count = token_count + 1
  local token = ('codemode-%d-%d'):format(vim.fn.getpid(), token_count)
  local id
  local _, request_id = client:request('workspace/executeCommand', {
    command = command.command,
    arguments = command.arguments,
    workDoneToken = token,
  }, function(err, result)
    if id then
      M.in_flight[id] = nil
    end
    if err then
      notify('codemode: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
    if on_done then
      on_done(err, result)
    end
  end, bufnr)
  id = request_id
  if id then
    M.in_flight[id] = { client = client, token = token, on_done = on_done }
  end
end

--- Cancels every run in flight with `$/cancelRequest` (the server stops a run within 50 ms and
--- ends its progress). Neovim drops the answer to a cancelled request, so `on_done` is called
--- here, with a RequestCancelled error.
---@return integer count
function M.cancel()
  local count = 0
  for id, run in pairs(M.in_flight) do
    M.in_flight[id] = nil
    run.client:cancel_request(id)
    count = count + 1
    if run.on_done then
      run.on_done({ code = REQUEST_CANCELLED, message = 'cancelled' }, nil)
    end
  end
  vim.api.nvim_echo({ { count > 0 and 'codemode: cancelled' or 'codemode: nothing is running' } }, false, {})
  return count
end

--- The range a command acts on: the given lines (`:'<,'>Codemode run`), else the cursor.
local function range_params(client, bufnr, line1, line2)
  if line1 and line2 then
    local last = vim.api.nvim_buf_get_lines(bufnr, line2 - 1, line2, false)[1] or ''
    return vim.lsp.util.make_given_range_params({ line1, 0 }, { line2, #last }, bufnr, client.offset_encoding)
  end
  return vim.lsp.util.make_range_params(0, client.offset_encoding)
end

--- Asks the server for its code actions at the range and performs the one carrying
--- `command_id`. If the server offers none, the command is sent anyway so that the server
--- says why (for example while the AI commands are not available).
---@param opts? { line1?: integer, line2?: integer, bufnr?: integer, on_done?: fun(err: table?, result: any) }
function M.action(command_id, opts)
  opts = opts or {}
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    local filetypes = (vim.lsp.config[NAME] or {}).filetypes or {}
    if not vim.tbl_contains(filetypes, vim.bo[bufnr].filetype) then
      notify(('codemode: %s buffers are not run by codemode (filetypes: %s)'):format(
        vim.bo[bufnr].filetype ~= '' and vim.bo[bufnr].filetype or 'these', table.concat(filetypes, ', ')),
        vim.log.levels.ERROR)
      return
    end
    if opts._waited or not M.will_attach(bufnr) then
      notify('codemode: the server is not attached to this buffer (:checkhealth codemode, :Codemode restart)',
        vim.log.levels.ERROR)
      return
    end
    -- The server is still starting (a command right after opening the file): run once it is up.
    M.when_attached(bufnr, function(attached)
      if attached then
        M.action(command_id, vim.tbl_extend('force', opts, { bufnr = bufnr, _waited = true }))
      else
        notify('codemode: the server did not start within 15 s (:checkhealth codemode, :LspLog)',
          vim.log.levels.ERROR)
      end
    end)
    return
  end
  M.watch_buffer(bufnr)
  local params = range_params(client, bufnr, opts.line1, opts.line2)
  -- The diagnostics at the cursor's line (or on the selected lines), as Neovim's own
  -- `vim.lsp.buf.code_action()` sends them: with them the server offers the quickfix
  -- "Auto-fix with AI" and tells the model what is wrong.
  local first, last = params.range.start.line, params.range['end'].line
  local diagnostics = vim.tbl_filter(function(d)
    return d.lnum >= first and d.lnum <= last
  end, vim.diagnostic.get(bufnr))
  params.context = {
    diagnostics = vim.lsp.diagnostic.from(diagnostics),
    triggerKind = 1,
  }
  client:request('textDocument/codeAction', params, function(err, actions)
    if err then
      notify('codemode: ' .. err.message, vim.log.levels.ERROR)
      return
    end
    local chosen = M.choose_action(actions or {}, command_id, #diagnostics > 0)
    if chosen then
      if chosen.edit then
        vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
      end
      local command = type(chosen.command) == 'table' and chosen.command or chosen
      M.execute(client, bufnr, command, opts.on_done)
      return
    end
    -- Not offered here: send it anyway, so that the server says why.
    M.execute(client, bufnr, {
      command = command_id,
      arguments = {
        {
          uri = params.textDocument.uri,
          version = vim.lsp.util.buf_versions[bufnr],
          range = params.range,
          target = 'range',
          diagnostics = command_id == M.commands.fix and params.context.diagnostics or nil,
        },
      },
    }, opts.on_done)
  end, bufnr)
end

--- Of the server's code actions, the one to perform for `command_id`: for Auto-fix, the
--- quickfix on the diagnostics when there are some, else "Auto-fix selection with AI"
--- (kind `codemode.fix`); otherwise the first action carrying the command.
---@param actions (lsp.CodeAction|lsp.Command)[]
---@return (lsp.CodeAction|lsp.Command)?
function M.choose_action(actions, command_id, has_diagnostics)
  local carrying = vim.tbl_filter(function(action)
    local command = type(action.command) == 'table' and action.command or action
    return command.command == command_id
  end, actions)
  if command_id == M.commands.fix then
    local preferred = has_diagnostics and 'quickfix' or 'codemode.fix'
    for _, action in ipairs(carrying) do
      if action.kind == preferred then
        return action
      end
    end
  end
  return carrying[1]
end

--- Whether the codemode config is enabled and serves this buffer's filetype.
function M.will_attach(bufnr)
  local config = vim.lsp.config[NAME]
  return vim.lsp.is_enabled(NAME) and config ~= nil
    and vim.tbl_contains(config.filetypes or {}, vim.bo[bufnr].filetype)
end

--- Calls `callback(true)` once a codemode client is attached to the buffer and initialized,
--- or `callback(false)` after 15 s.
function M.when_attached(bufnr, callback)
  local done = false
  local function finish(attached)
    if not done then
      done = true
      callback(attached)
    end
  end
  local id = vim.api.nvim_create_autocmd('LspAttach', {
    buffer = bufnr,
    callback = function(args)
      local client = vim.lsp.get_client_by_id(args.data.client_id)
      if client and client.name == NAME then
        vim.schedule(function()
          finish(true)
        end)
        return true -- delete this autocmd
      end
    end,
  })
  vim.defer_fn(function()
    pcall(vim.api.nvim_del_autocmd, id)
    finish(false)
  end, 15000)
end

function M.open_output()
  local buf = M.results_buffer()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_buf(win) == buf then
      vim.api.nvim_set_current_win(win)
      return
    end
  end
  vim.cmd('botright split')
  vim.api.nvim_win_set_buf(0, buf)
  vim.cmd('normal! G')
end

--- Stops the codemode clients and starts them again for every buffer they served.
---@param on_done? fun()
function M.restart(on_done)
  local clients = vim.lsp.get_clients({ name = NAME })
  local buffers = {}
  for _, client in ipairs(clients) do
    for bufnr in pairs(client.attached_buffers) do
      buffers[bufnr] = true
    end
  end
  -- Buffers of the filetypes the config serves, even if no client was running.
  local filetypes = (vim.lsp.config[NAME] or {}).filetypes or {}
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(filetypes, vim.bo[bufnr].filetype) then
      buffers[bufnr] = true
    end
  end
  -- Detach first, so that commands given during the restart wait for the new server
  -- instead of reaching the one that is stopping.
  for _, client in ipairs(clients) do
    for bufnr in pairs(buffers) do
      if client.attached_buffers[bufnr] then
        vim.lsp.buf_detach_client(bufnr, client.id)
      end
    end
    client:stop()
  end
  local function start()
    local cmd, err = require('codemode.binary').cmd('lsp')
    if not cmd then
      notify(err, vim.log.levels.ERROR)
      return
    end
    vim.lsp.enable(NAME)
    for bufnr in pairs(buffers) do
      if vim.api.nvim_buf_is_valid(bufnr) then
        vim.api.nvim_exec_autocmds('FileType', { group = 'nvim.lsp.enable', buffer = bufnr })
      end
    end
    if on_done then
      on_done()
    end
  end
  local deadline = vim.uv.now() + 5000
  local function wait()
    local running = vim.tbl_filter(function(c)
      return not c:is_stopped()
    end, clients)
    if #running == 0 or vim.uv.now() > deadline then
      for _, c in ipairs(running) do
        c:stop(true)
      end
      start()
    else
      vim.defer_fn(wait, 20)
    end
  end
  wait()
end

M.subcommands = {
  run = function(opts)
    M.action(M.commands.run, opts)
  end,
  fix = function(opts)
    M.action(M.commands.fix, opts)
  end,
  tests = function(opts)
    M.action(M.commands.tests, opts)
  end,
  output = function()
    M.open_output()
  end,
  cancel = function()
    M.cancel()
  end,
  restart = function()
    M.restart()
  end,
}

return M
