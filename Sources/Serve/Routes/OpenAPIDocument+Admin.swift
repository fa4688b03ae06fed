/// The OpenAPI paths of prefill tickets and of the operator console's API (`/v1/admin/...`, admin consumers only).
extension OpenAPIDocument {
    static let adminRefusals = #"""
"400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"description": "The consumer has no admin grant (standards/sharing.json \"admins\"), or it expired.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "404": {"$ref": "#/components/responses/NotFound"},
          "429": {"$ref": "#/components/responses/TooManyRefusals"},
          "500": {"$ref": "#/components/responses/InternalError"},
          "503": {"$ref": "#/components/responses/Unavailable"}
"""#

    static func adminGet(_ path: String, id: String, summary: String, parameters: String = "") -> String {
        #"""
    "\#(path)": {
      "get": {
        "operationId": "\#(id)",
        "summary": "\#(summary)",
        "tags": ["admin"],
        "security": [{"bearer": []}],
        "parameters": [\#(parameters)],
        "responses": {
          "200": {"description": "The answer (JSON object).", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object"}}}},
          \#(adminRefusals)
        }
      }
    }
"""#
    }

    private static func adminDecision(_ action: String, summary: String) -> String {
        #"""
    "/v1/admin/outbox/{id}/\#(action)": {
      "post": {
        "operationId": "\#(action)Writeback",
        "summary": "\#(summary)",
        "tags": ["admin"],
        "security": [{"bearer": []}],
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "The write-back with its history.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WritebackStatus"}}}},
          "409": {"description": "The write-back's state does not allow this (only dead ones are retried; delivered ones cannot be cancelled).", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          \#(adminRefusals)
        }
      }
    }
"""#
    }

    private static func limit(_ range: ClosedRange<Int>) -> String {
        #"{"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": \#(range.lowerBound), "maximum": \#(range.upperBound)}}"#
    }
    private static func query(_ name: String, _ description: String) -> String {
        #"{"name": "\#(name)", "in": "query", "required": false, "description": "\#(description)", "schema": {"type": "string"}}"#
    }

    static let adminPaths = [
        #"""
    "/v1/prefill/{form}/tickets": {
      "post": {
        "operationId": "prefillTicket",
        "summary": "A ticket for one form and one subject, valid 5 minutes, for /prefill.js in a browser (which never holds the long-lived token)",
        "security": [{"bearer": []}],
        "parameters": [
          {"name": "form", "in": "path", "required": true, "schema": {"type": "string"}, "example": "student-leave"},
          {"name": "subject", "in": "query", "required": true, "schema": {"type": "string"}},
          {"$ref": "#/components/parameters/purpose"}
        ],
        "responses": {
          "201": {"description": "The ticket: send it as Authorization: Bearer chpt_... with GET /v1/prefill/{form} for that subject.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object", "required": ["ticket", "form", "subject", "expiresAt"], "properties": {"ticket": {"type": "string"}, "form": {"type": "string"}, "subject": {"type": "string"}, "expiresAt": {"type": "string"}}}}}},
          \#(refusals)
        }
      }
    }
"""#,
        adminGet("/v1/admin/runs", id: "adminRuns", summary: "Every stream with its latest runs and counts; golden records per entity",
                 parameters: limit(AdminLimit.runs)),
        adminGet("/v1/admin/quality", id: "adminQuality", summary: "A run's quality report with the quarantined rows and warnings behind it",
                 parameters: #"{"name": "run", "in": "query", "required": false, "description": "A run id (this or stream is required).", "schema": {"type": "integer", "minimum": 1}}, "#
                    + query("stream", "The latest run of this stream.")),
        adminGet("/v1/admin/records/{entity}/{key}", id: "adminRecord", summary: "A golden record, unmasked, with provenance, versions, person and conflicts",
                 parameters: ##"{"$ref": "#/components/parameters/entity"}, {"name": "key", "in": "path", "required": true, "schema": {"type": "string"}}"##),
        adminGet("/v1/admin/outbox", id: "adminOutbox", summary: "Write-backs by state, the oldest undelivered, the newest items",
                 parameters: query("state", "pending, leased, retry_wait, delivered, dead or cancelled") + ", " + limit(AdminLimit.lists)),
        adminDecision("retry", summary: "Put a dead letter back in the queue (audited)"),
        adminDecision("cancel", summary: "Withdraw a write-back not yet delivered (audited)"),
        adminGet("/v1/admin/audit", id: "adminAudit", summary: "Audit entries, newest first",
                 parameters: ["consumer", "subject", "action", "since", "until"].map { query($0, "Only entries matching it.") }.joined(separator: ", ") + ", " + limit(AdminLimit.lists)),
        adminGet("/v1/admin/audit/verify", id: "adminAuditVerify", summary: "The audit log's hash chain, verified"),
        adminGet("/v1/admin/access", id: "adminAccess", summary: "Consumers, tokens (never secrets), policies and forms"),
        previewPath(limit: limit(AdminLimit.preview)),
        adminGet("/v1/admin/standards", id: "adminStandards",
                 summary: "The standards' names for codes: elements (name, identifier, code table), code tables (standard, each code's name), entity titles; and the college's time zone (timeZone, IANA) in which the console shows times"),
        adminGet("/v1/admin/connectors/test", id: "adminConnectionTest",
                 summary: "Test connection: the first rows of a saved stream's source (columns, rows, the CSV encoding), or ok false with the problem and its fix; writes nothing",
                 parameters: ##"{"name": "stream", "in": "query", "required": true, "schema": {"type": "string"}, "example": "jw.students"}, "## + limit(AdminLimit.connectionTest)),
        adminGet("/v1/admin/suggest", id: "adminSuggest",
                 summary: "Mapping suggestions for a saved stream: per source column its sample values, the element mapped now, the suggested element (confidence, reason) and value-map proposals; writes nothing",
                 parameters: ##"{"name": "stream", "in": "query", "required": true, "schema": {"type": "string"}, "example": "jw.students"}, "## + limit(AdminLimit.preview)),
        adminSync,
        adminGet("/v1/admin/archive", id: "adminArchive",
                 summary: "The archive's service-hall cases: figures per state (waiting, packaged, failed, handed-over, archived), the worklist (failed cases with their reasons), the newest cases (of one state), each with id, hall case number, item and its title, state, archive number, accepted and updated times and problem; audited with the filter and counts only",
                 parameters: #"{"name": "state", "in": "query", "required": false, "schema": {"type": "string", "enum": ["waiting", "packaged", "failed", "handed-over", "archived"]}}, "# + limit(AdminLimit.lists)),
        adminGet("/v1/admin/archive/{id}", id: "adminArchiveCase",
                 summary: "One case: its fields, events, attachments (title, name, format, size, SM3), package id and SM3, and the DA/T 70 four checks of its package as they come out now (checks: null when it has no package), grouped by 真实性, 完整性, 可用性, 安全性; audited with the case id only",
                 parameters: #"{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}"#),
        adminPreviewPost("/v1/admin/sharing/preview", id: "adminSharingPreview",
                         summary: "What a consumer would get from GET /v1/entities/{entity}/{key} under an unsaved sharing.json (and forms.json): the status, outcome (shown, out_of_scope, not_found, refused) and the very body of that read; the drafts are checked as a save (422 with problems); audited with entity and key only",
                         target: "entity", subject: "key"),
        adminPreviewPost("/v1/admin/forms/preview", id: "adminFormPreview",
                         summary: "What a consumer would get from GET /v1/prefill/{form}?subject= under an unsaved forms.json (and sharing.json): status, outcome and the very body of that prefill; the drafts are checked as a save (422 with problems); audited with the form and subject only",
                         target: "form", subject: "subject"),
    ].joined(separator: ",\n") + ",\n" + configPaths + ",\n" + connectPaths

    /// The console's 立即同步: a sync run now, answered when it is done.
    private static let adminSync = #"""
    "/v1/admin/sync": {
      "post": {
        "operationId": "adminSync",
        "summary": "Sync one stream (stream=) or every stream now, from the workspace's files as they are on disk, as campushub sync does (same per-stream lock); answers when done with each run's counts. A run that failed (a source unreachable, a secret not set) is in the answer with its error and fix. Takes no body. Audited (admin.sync, counts only)",
        "tags": ["admin"],
        "security": [{"bearer": []}],
        "parameters": [{"name": "stream", "in": "query", "required": false, "description": "connector.stream; without it every stream of the workspace.", "schema": {"type": "string"}, "example": "jw.students"}],
        "responses": {
          "200": {"description": "The runs: status succeeded when every stream's run did; per stream its run id, status (succeeded, failed, locked), counts, seconds, error and fix.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object", "required": ["status", "streams"], "properties": {"status": {"type": "string", "enum": ["succeeded", "failed"]}, "read": {"type": "integer"}, "inserted": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"}, "rejected": {"type": "integer"}, "streams": {"type": "array", "items": {"type": "object", "required": ["stream", "run", "status"], "properties": {"stream": {"type": "string"}, "run": {"type": ["integer", "null"]}, "status": {"type": "string", "enum": ["succeeded", "failed", "locked"]}, "error": {"type": ["string", "null"]}, "fix": {"type": ["string", "null"]}}}}}}}}},
          "409": {"description": "A sync is already running (from the console, or of this stream from another process), or the workspace on disk does not pass the checks; nothing was run. The message is Chinese first.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          \#(adminRefusals)
        }
      }
    }
"""#

    /// A console preview: a POST whose body names the consumer, what it reads and, optionally, unsaved drafts.
    private static func adminPreviewPost(_ path: String, id: String, summary: String, target: String, subject: String) -> String {
        #"""
    "\#(path)": {
      "post": {
        "operationId": "\#(id)",
        "summary": "\#(summary)",
        "tags": ["admin"],
        "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["consumer", "\#(target)", "\#(subject)"], "properties": {
          "consumer": {"type": "string", "minLength": 1, "maxLength": 64},
          "\#(target)": {"type": "string", "minLength": 1, "maxLength": 128},
          "\#(subject)": {"type": "string", "minLength": 1, "maxLength": 128},
          "purpose": {"type": "string", "minLength": 1, "maxLength": 64, "description": "Without it, the first purpose the consumer's policy allows."},
          "sharing": {"type": "object", "description": "The content of standards/sharing.json to preview; left out: the saved one."},
          "forms": {"type": "object", "description": "The content of standards/forms.json to preview; left out: the saved one."}}}}}},
        "responses": {
          "200": {"description": "The consumer's read as it would be.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object", "required": ["consumer", "status", "outcome", "response"], "properties": {"consumer": {"type": "string"}, "purpose": {"type": ["string", "null"]}, "status": {"type": "integer"}, "outcome": {"type": "string", "enum": ["shown", "out_of_scope", "not_found", "refused"]}, "response": {"type": "object"}}}}}},
          "413": {"description": "The body is too large.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "422": {"description": "A member is missing or of the wrong kind (the message names it), or the drafts would not pass the checks (problems, as a save's 422).", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          \#(adminRefusals)
        }
      }
    }
"""#
    }
}

/// The configuration editors' back end (`/v1/admin/config...`): the files of connectors/, mappings/
/// and standards/, read with their ETags, saved with If-Match after the checks, with history.
extension OpenAPIDocument {
    private static let configPath = #"{"name": "path", "in": "query", "required": true, "description": "A .json file directly inside connectors/, mappings/ or standards/, a code table standards/codes/NAME.csv or standards/variants.csv; anything else is 400.", "schema": {"type": "string"}, "example": "connectors/xg.json"}"#
    private static let configVersion = #"{"name": "version", "in": "query", "required": true, "description": "A version id from /v1/admin/config/history.", "schema": {"type": "string"}}"#
    private static let ifMatch = #"{"name": "If-Match", "in": "header", "required": false, "description": "The ETag the editor read; required when the file exists (428 without it, 412 when it changed since).", "schema": {"type": "string"}}"#
    private static let saved = #"""
"200": {"description": "Saved: the file's new ETag and the one it replaced (kept under .history/).", "headers": {"ETag": {"description": "SHA-256 of the file's bytes, quoted.", "schema": {"type": "string"}}, "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConfigSaved"}}}},
          "412": {"description": "The file changed since the editor read it (or no longer exists): the current version, to compare and save again.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object", "required": ["error", "current"], "properties": {"error": {"type": "object"}, "current": {"type": ["object", "null"]}}}}}},
          "422": {"description": "The workspace would not pass the checks with this file (as campushub check); every problem names file, JSON path and fix. Nothing was written.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object", "required": ["error", "problems"], "properties": {"error": {"type": "object"}, "problems": {"type": "array", "items": {"type": "object", "properties": {"file": {"type": "string"}, "path": {"type": "string"}, "message": {"type": "string"}, "fix": {"type": "string"}}}}}}}}},
          "409": {"description": "The name is a symbolic link or a folder, not a file; nothing was written.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "428": {"description": "The file exists and the request has no If-Match.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
"""#

    /// A removal's answers: its own 200, then a save's refusals.
    private static let removed = #"""
"200": {"description": "Removed: the ETag of the removed version (kept under .history/; restore brings it back).", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object", "required": ["path", "previous"], "properties": {"path": {"type": "string"}, "previous": {"type": "string"}}}}}},

"""# + "          " + String(saved.split(separator: "\n", maxSplits: 1)[1])

    static let configPaths = [
        adminGet("/v1/admin/config", id: "adminConfigFiles", summary: "The workspace's configuration files with their ETags"),
        #"""
    "/v1/admin/config/file": {
      "get": {
        "operationId": "adminConfigFile",
        "summary": "One configuration file: its JSON, its text and its ETag (SHA-256 of its bytes)",
        "tags": ["admin"],
        "security": [{"bearer": []}],
        "parameters": [\#(configPath)],
        "responses": {
          "200": {"description": "The file.", "headers": {"ETag": {"description": "SHA-256 of the file's bytes, quoted.", "schema": {"type": "string"}}, "X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConfigFile"}}}},
          \#(adminRefusals)
        }
      },
      "put": {
        "operationId": "adminConfigSave",
        "summary": "Save a configuration file: checked with the whole workspace, written as stable pretty JSON (key order kept; a CSV file as the UTF-8 text sent, lines ending in LF), the previous version kept, audited (config.save)",
        "tags": ["admin"],
        "security": [{"bearer": []}],
        "parameters": [\#(configPath), \#(ifMatch), {"name": "If-None-Match", "in": "header", "required": false, "description": "* to create a file that does not exist yet.", "schema": {"type": "string"}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object"}}, "text/csv": {"schema": {"type": "string"}}}},
        "responses": {
          "201": {"description": "Created (with If-None-Match: *).", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConfigSaved"}}}},
          "415": {"description": "The Content-Type does not fit the file: application/json for a JSON file, text/csv for a code table (checked before If-Match).", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          \#(saved)
          \#(adminRefusals)
        }
      },
      "delete": {
        "operationId": "adminConfigDelete",
        "summary": "Remove a configuration file when the workspace passes the checks without it (a connector a mapping still uses is 422); its last version kept in the history, audited (config.delete)",
        "tags": ["admin"],
        "security": [{"bearer": []}],
        "parameters": [\#(configPath), \#(ifMatch)],
        "responses": {
          \#(removed)
          \#(adminRefusals)
        }
      }
    }
"""#,
        adminGet("/v1/admin/config/history", id: "adminConfigHistory", summary: "A configuration file's previous versions, newest first, each with the admin whose save, restore or removal replaced it (from the audit log); the current version with who saved it", parameters: configPath),
        adminGet("/v1/admin/config/diff", id: "adminConfigDiff", summary: "A line diff from a previous version to the file as it is", parameters: configPath + ", " + configVersion),
        #"""
    "/v1/admin/config/restore": {
      "post": {
        "operationId": "adminConfigRestore",
        "summary": "Save a previous version back: a save (checks, If-Match, history), audited as config.restore",
        "tags": ["admin"],
        "security": [{"bearer": []}],
        "parameters": [\#(configPath), \#(configVersion), \#(ifMatch), {"name": "If-None-Match", "in": "header", "required": false, "description": "* to bring back a file that was removed.", "schema": {"type": "string"}}],
        "responses": {
          \#(saved)
          \#(adminRefusals)
        }
      }
    }
"""#,
    ].joined(separator: ",\n")
}
