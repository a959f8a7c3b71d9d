-- Drives Grounded's server from Neovim's built-in LSP client (0.7: start_client).
local ws = os.getenv("GROUNDED_WS")
local out = os.getenv("GROUNDED_OUT")
vim.cmd("edit " .. ws .. "/draft.md")
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({ name = "grounded", cmd = { "node", os.getenv("GROUNDED_SERVER"), "--stdio" }, root_dir = ws })
vim.lsp.buf_attach_client(buf, id)
vim.wait(60000, function() return #vim.diagnostic.get(buf) >= 2 end, 50)
local result = { diagnostics = {} }
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(result.diagnostics, { line = d.lnum, message = d.message, severity = d.severity, code = lsp.code or d.code })
end
local uri = vim.uri_from_bufnr(buf)
local hover = vim.lsp.buf_request_sync(buf, "textDocument/hover", { textDocument = { uri = uri }, position = { line = 2, character = 5 } }, 20000)
for _, r in pairs(hover or {}) do
  if r.result then result.hover = r.result.contents.value end
end
local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
  textDocument = { uri = uri },
  range = { start = { line = 2, character = 0 }, ["end"] = { line = 2, character = 10 } },
  context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, 2) },
}, 20000)
result.actions = {}
for _, r in pairs(actions or {}) do
  for _, a in ipairs(r.result or {}) do table.insert(result.actions, a.title) end
end
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.cmd("qa!")
