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

  M.check_model()
end

--- The settings file the server reads: `--config FILE` in vim.g.codemode_server_args, else
--- $CODEMODE_CONFIG (in vim.g.codemode_server_env or Neovim's environment).
local function settings_file()
  local args = vim.g.codemode_server_args or {}
  for i, arg in ipairs(args) do
    if arg == '--config' and args[i + 1] then
      return args[i + 1]
    end
    local value = arg:match('^%-%-config=(.+)$')
    if value then
      return value
    end
  end
  local env = vim.g.codemode_server_env or {}
  local from_env = env.CODEMODE_CONFIG or vim.env.CODEMODE_CONFIG
  return from_env ~= '' and from_env or nil
end

--- Whether the server's environment has `name` (vim.g.codemode_server_env over Neovim's).
local function has_env(name)
  local env = vim.g.codemode_server_env or {}
  local value = env[name]
  if value == nil then
    value = vim.env[name]
  end
  return value ~= nil and value ~= ''
end

--- The model behind ":Codemode fix" and ":Codemode tests", from the server's `model` settings
--- (docs/settings.md): vim.g.codemode_settings over the config's init_options, else the
--- settings file.
function M.check_model()
  local settings = vim.tbl_deep_extend('force', {}, (vim.lsp.config.codemode or {}).init_options or {},
    vim.g.codemode_settings or {})
  local model, from = settings.model, 'vim.g.codemode_settings'
  local file = settings_file()
  if type(model) ~= 'table' and file then
    local ok, decoded = pcall(function()
      return vim.json.decode(table.concat(vim.fn.readfile(file), '\n'))
    end)
    if not ok then
      vim.health.warn(('settings file %s cannot be read: %s'):format(file, tostring(decoded)))
    elseif type(decoded) == 'table' and type(decoded.model) == 'table' then
      model, from = decoded.model, file
    end
  end
  local provider = type(model) == 'table' and model.provider or nil
  if provider == nil or provider == 'none' then
    vim.health.warn('model: not configured (":Codemode fix" and ":Codemode tests" need one)', {
      'Set the server\'s `model` settings, e.g. vim.g.codemode_settings = { model = { provider = "openai", '
        .. 'model = "gpt-4.1-mini", apiKeyEnv = "OPENAI_API_KEY" } }',
      'Anthropic: provider = "anthropic", model = "claude-sonnet-4-5" (key from ANTHROPIC_API_KEY)',
      'A local model (Ollama): provider = "openai", baseUrl = "http://localhost:11434/v1", model = "qwen2.5-coder:7b"',
      'Reference: docs/settings.md (`model`); then :Codemode restart',
    })
    return
  end
  local described = ('model: provider %s, model %s'):format(provider, tostring(model.model or '(none)'))
  if model.baseUrl then
    described = described .. ', baseUrl ' .. model.baseUrl
  end
  described = described .. ' (from ' .. from .. ')'
  if provider ~= 'mcp-sampling' and (model.model == nil or model.model == '') then
    vim.health.error(described, { ('`model.model` is required for the %s provider'):format(provider) })
    return
  end
  vim.health.ok(described)
  if provider ~= 'openai' and provider ~= 'anthropic' then
    return
  end
  local key = model.apiKeyEnv
  if key == nil and model.baseUrl == nil then
    key = provider == 'openai' and 'OPENAI_API_KEY' or 'ANTHROPIC_API_KEY'
  end
  if key == nil then
    vim.health.ok('model key: none needed (own baseUrl, no apiKeyEnv)')
  elseif has_env(key) then
    vim.health.ok(('model key: $%s is set in the server\'s environment'):format(key))
  else
    vim.health.warn(('model key: $%s is not set in the server\'s environment'):format(key), {
      ('export %s=... before starting Neovim, or vim.g.codemode_server_env = { %s = ... }'):format(key, key),
    })
  end
end

return M
