-- `:checkhealth codemode`: Neovim version, server binary and version, sandbox runtimes
-- (`codemode doctor`), the language server in this session, the model for the AI commands.
local M = {}

local function run(cmd, timeout)
  local ok, result = pcall(function()
    return vim.system(cmd, { text = true, env = vim.g.codemode_server_env }):wait(timeout)
  end)
  if not ok then
    return { code = -1, stdout = '', stderr = tostring(result) }
  end
  return result
end

function M.check()
  vim.health.start('codemode')
  if vim.fn.has('nvim-0.11') == 1 then
    vim.health.ok('Neovim ' .. tostring(vim.version()))
  else
    vim.health.error('Neovim 0.11 or later is needed', { 'Upgrade Neovim' })
  end

  local found, err = require('codemode.binary').find()
  if not found then
    vim.health.error(err or 'no server binary', {
      'Install codemode (./scripts/quickstart builds it) and put it on PATH',
      'or set vim.g.codemode_server_path = "/path/to/codemode"',
    })
    return
  end
  vim.health.ok(('server binary: %s (from %s)'):format(found.path, found.source))

  local version = run({ found.path, '--version' }, 10000)
  if version.code == 0 then
    vim.health.ok('version: ' .. vim.trim(version.stdout))
  else
    vim.health.error(('`%s --version` failed: %s'):format(found.path, vim.trim(version.stderr or '')))
    return
  end

  local args = vim.list_extend({ found.path }, vim.g.codemode_server_args or {})
  table.insert(args, 'doctor')
  local doctor = run(args, 120000)
  local lines = vim.split(vim.trim((doctor.stdout or '') .. '\n' .. (doctor.stderr or '')), '\n')
  if doctor.code == 0 then
    for _, line in ipairs(lines) do
      if line:match('^%w+: ok') then
        vim.health.ok('runtime ' .. line)
      end
    end
    vim.health.ok('sandbox: ' .. (lines[#lines] or 'all checks passed'))
  else
    vim.health.error('`codemode doctor` failed:\n' .. table.concat(lines, '\n'), {
      'Run `codemode doctor` in a shell for details',
    })
  end

  local clients = vim.lsp.get_clients({ name = 'codemode' })
  if #clients > 0 then
    for _, client in ipairs(clients) do
      local info = client.server_info or {}
      vim.health.ok(('language server running (client %d, %s %s, %d buffer(s))'):format(
        client.id, info.name or '?', info.version or '?', vim.tbl_count(client.attached_buffers)))
    end
  elseif vim.lsp.is_enabled and vim.lsp.is_enabled('codemode') then
    vim.health.info('language server enabled; it starts with the first Python/JS/TS/Markdown buffer')
  else
    vim.health.warn('language server not enabled', { "vim.lsp.enable('codemode')" })
  end

  local settings = vim.tbl_deep_extend('force', {}, (vim.lsp.config.codemode or {}).init_options or {},
    vim.g.codemode_settings or {})
  if type(settings) == 'table' and type(settings.model) == 'table' and next(settings.model) then
    vim.health.ok('model: ' .. vim.inspect(settings.model, { newline = ' ', indent = '' }))
  else
    vim.health.info('model: not configured (":Codemode fix" and ":Codemode tests" need the server\'s model settings)')
  end
end

return M
