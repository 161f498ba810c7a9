;;; client.el --- Emacs eglot as a third real LSP client  -*- lexical-binding: t -*-
;; Run by test/e2e/emacs-eglot.test.ts:
;;   emacs --batch -q -l client.el
;; (-q: no user init; Debian's site-start still activates its elpa packages, eglot among them) with
;; paved-road-server on PATH and, in the environment, PR_RECIPE (the README's eglot snippet, read
;; from the README by the test), PR_FILE and PR_OUT. It evaluates the snippet, opens PR_FILE in
;; js-mode, starts eglot as `eglot-ensure' does (the server found through `eglot-server-programs'),
;; waits for the diagnostics in Flymake, asks for code actions on the first finding, applies the
;; preferred one, saves, waits for the diagnostics to follow, and writes what it saw to PR_OUT as
;; JSON for the mocha test to judge. Every wait is `accept-process-output' until a condition holds
;; (woken by the server's messages), under a ceiling.

(require 'cl-lib)
(require 'eglot)
(require 'json)
(require 'flymake)

(defvar pr-report (list (cons 'steps [])))
(defun pr-step (name) (setf (alist-get 'steps pr-report) (vconcat (alist-get 'steps pr-report) (list name))))
(defun pr-env (name)
  (let ((v (getenv name)))
    (if (or (null v) (string= v "")) (error "missing environment variable %s" name) v)))

(defun pr-finish (&optional err)
  (when err (push (cons 'error (format "%s" err)) pr-report))
  (with-temp-file (pr-env "PR_OUT") (insert (json-encode pr-report)))
  (ignore-errors (let ((server (eglot-current-server))) (when server (eglot-shutdown server))))
  (kill-emacs 0))

(defun pr-wait (what ceiling predicate)
  "Wait until PREDICATE holds, woken by process output; fail after CEILING seconds."
  (let ((deadline (+ (float-time) ceiling)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline) (error "%s: not within %s s" what ceiling))
      (accept-process-output nil 0.05))))

(defun pr-lsp-diag (d) (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)))

(defun pr-diagnostics ()
  "The buffer's diagnostics as LSP sees them (0-based line and UTF-16 column; ASCII files here)."
  (let (out)
    (dolist (d (flymake-diagnostics))
      (let* ((lsp (pr-lsp-diag d)) (range (plist-get lsp :range)))
        (when lsp
          (push (list (cons 'line (plist-get (plist-get range :start) :line))
                      (cons 'col (plist-get (plist-get range :start) :character))
                      (cons 'end_line (plist-get (plist-get range :end) :line))
                      (cons 'end_col (plist-get (plist-get range :end) :character))
                      (cons 'code (plist-get lsp :code))
                      (cons 'source (plist-get lsp :source))
                      ;; What Flymake shows the user: eglot's "source [code]: message".
                      (cons 'shown (flymake-diagnostic-text d))
                      (cons 'beg (flymake-diagnostic-beg d)))
                out))))
    (sort out (lambda (a b) (< (alist-get 'beg a) (alist-get 'beg b))))))

(defun pr-paved-road-count ()
  (flymake-start)
  (cl-count-if (lambda (d) (equal (alist-get 'source d) "paved-road")) (pr-diagnostics)))

(condition-case err
    (let ((ceiling (string-to-number (or (getenv "PR_CEILING") "60"))))
      ;; Exactly the README's snippet.
      (eval (car (read-from-string (pr-env "PR_RECIPE"))) t)
      (pr-step "recipe")
      (find-file (pr-env "PR_FILE"))
      (js-mode)
      (setq-local flymake-no-changes-timeout 0.1)
      (eglot-ensure)
      (run-hooks 'post-command-hook) ; what the command loop does after the file is opened
      (pr-wait "eglot connects" ceiling (lambda () (bound-and-true-p eglot--managed-mode)))
      (push (cons 'server (format "%s" (process-command (jsonrpc--process (eglot-current-server))))) pr-report)
      (pr-step "connected")
      (pr-wait "paved-road diagnostics" ceiling (lambda () (> (pr-paved-road-count) 0)))
      (let ((before (pr-diagnostics)))
        (push (cons 'before (vconcat before)) pr-report)
        (pr-step "diagnostics")
        (let* ((target (cl-find-if (lambda (d) (equal (alist-get 'source d) "paved-road")) before))
               (lsp (pr-lsp-diag (cl-find-if (lambda (d) (= (flymake-diagnostic-beg d) (alist-get 'beg target))) (flymake-diagnostics))))
               (actions (jsonrpc-request (eglot--current-server-or-lose) :textDocument/codeAction
                                         (list :textDocument (eglot--TextDocumentIdentifier)
                                               :range (plist-get lsp :range)
                                               :context (list :diagnostics (vector lsp)))))
               (preferred (cl-find-if (lambda (a) (eq (plist-get a :isPreferred) t)) actions)))
          (push (cons 'actions (vconcat (mapcar (lambda (a) (list (cons 'title (plist-get a :title))
                                                                  (cons 'isPreferred (eq (plist-get a :isPreferred) t))))
                                                actions)))
                pr-report)
          (pr-step "actions")
          (unless preferred (error "no preferred code action among %d" (length actions)))
          (push (cons 'fixed_line (alist-get 'line target)) pr-report)
          (eglot--apply-workspace-edit (plist-get preferred :edit))
          (save-buffer)
          (pr-step "applied")
          (let ((was (cl-count-if (lambda (d) (equal (alist-get 'source d) "paved-road")) before)))
            (pr-wait "diagnostics after the fix" ceiling (lambda () (< (pr-paved-road-count) was))))
          (push (cons 'after (vconcat (pr-diagnostics))) pr-report)
          (pr-step "after")))
      (pr-finish))
  (error (pr-finish err)))

;;; client.el ends here
