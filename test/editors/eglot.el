;;; Drives Grounded's server from Emacs with eglot (1.9), headless.
(package-initialize)
;; Debian's elpa packages keep their sources here; byte-compiled copies may be missing.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa-src/*"))
  (add-to-list 'load-path dir))
(require 'eglot)
(require 'json)
(let* ((ws (getenv "GROUNDED_WS"))
       (out (getenv "GROUNDED_OUT"))
       (server (getenv "GROUNDED_SERVER"))
       (result nil))
  (find-file (concat ws "/draft.md"))
  (text-mode)
  (eglot (list 'text-mode) (cons 'transient ws) 'eglot-lsp-server (list "node" server "--stdio") "markdown")
  ;; Wait on the server's messages (not a fixed sleep) until flymake has the diagnostics.
  (with-timeout (60 nil)
    (while (< (length (flymake-diagnostics)) 2)
      (accept-process-output nil 0.05)))
  (let* ((diags (flymake-diagnostics))
         (srv (eglot--current-server-or-lose))
         (uri (eglot--path-to-uri (buffer-file-name)))
         (hover (jsonrpc-request srv :textDocument/hover
                                 (list :textDocument (list :uri uri) :position (list :line 2 :character 5))))
         (lsp-diags (delq nil (mapcar (lambda (d) (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))) diags)))
         (actions (jsonrpc-request srv :textDocument/codeAction
                                   (list :textDocument (list :uri uri)
                                         :range (list :start (list :line 2 :character 0) :end (list :line 2 :character 10))
                                         :context (list :diagnostics (vconcat lsp-diags))))))
    (setq result
          (list (cons 'diagnostics
                      (vconcat (mapcar (lambda (d)
                                         (list (cons 'line (1- (line-number-at-pos (flymake-diagnostic-beg d))))
                                               (cons 'message (flymake-diagnostic-text d))))
                                       diags)))
                (cons 'hover (plist-get (plist-get hover :contents) :value))
                (cons 'actions (vconcat (mapcar (lambda (a) (plist-get a :title)) actions))))))
  (with-temp-file out (insert (json-encode result)))
  (kill-emacs 0))
