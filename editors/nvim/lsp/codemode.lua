-- codemode's language server for Neovim 0.11+ (`:help lsp-config`):
--
--   vim.lsp.enable('codemode')          -- plugin/codemode.lua does this for you
--   vim.lsp.config('codemode', { init_options = { limits = { timeout = '5s' } } })
--
-- The server binary is looked up when the server starts: vim.g.codemode_server_path, then
-- $CODEMODE_SERVER_PATH, then `codemode` on PATH (see `:checkhealth codemode`).

---@type vim.lsp.Config
return {
  cmd = function(dispatchers, config)
    local cmd, err = require('codemode.binary').cmd('lsp')
    if not cmd then
      error(err, 0)
    end
    return vim.lsp.rpc.start(cmd, dispatchers, {
      cwd = config and config.cmd_cwd or nil,
      env = config and config.cmd_env or vim.g.codemode_server_env,
    })
  end,
  filetypes = {
    'python',
    'javascript',
    'javascriptreact',
    'typescript',
    'typescriptreact',
    'markdown',
  },
  -- The plugin renders `codemode/runResult` (virtual text, float, results buffer): the server
  -- then sends no message per run (it does to clients that do not say this).
  capabilities = { experimental = { codemode = { runResults = true } } },
  root_markers = { 'codemode.json', 'pyproject.toml', 'package.json', '.git' },
  -- The settings object of docs/settings.md (limits, grants, runtimes, lenses): `init_options`
  -- of this config, with `vim.g.codemode_settings` over it, read at each (re)start.
  before_init = function(params, config)
    local options = vim.tbl_deep_extend('force', {}, config.init_options or {}, vim.g.codemode_settings or {})
    params.initializationOptions = next(options) ~= nil and options or nil
  end,
  handlers = {
    -- The server's messages (the AI commands' results: "Auto-fix with AI: fixed in round 2 …")
    -- through vim.notify, so that notification plugins show them.
    ['window/showMessage'] = function(_, params)
      local levels = { vim.log.levels.ERROR, vim.log.levels.WARN, vim.log.levels.INFO, vim.log.levels.DEBUG }
      vim.notify('codemode: ' .. params.message, levels[params.type] or vim.log.levels.INFO, { title = 'codemode' })
    end,
    ['codemode/runResult'] = function(_, result, ctx)
      require('codemode').on_run_result(result, ctx)
    end,
  },
}
