/// The OpenAPI paths of prefill tickets and of the operator console's API (`/v1/admin/...`, admin consumers only).
extension OpenAPIDocument {
    private static let adminRefusals = #"""
"400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"description": "The consumer has no admin grant (standards/sharing.json \"admins\"), or it expired.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "404": {"$ref": "#/components/responses/NotFound"},
          "429": {"$ref": "#/components/responses/TooManyRefusals"},
          "500": {"$ref": "#/components/responses/InternalError"},
          "503": {"$ref": "#/components/responses/Unavailable"}
"""#

    private static func adminGet(_ path: String, id: String, summary: String, parameters: String = "") -> String {
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
        adminGet("/v1/admin/preview/{stream}", id: "adminPreview", summary: "Sample source rows beside their normalised records and issues; writes nothing",
                 parameters: ##"{"name": "stream", "in": "path", "required": true, "schema": {"type": "string"}, "example": "jw.students"}, "## + limit(AdminLimit.preview)),
        adminGet("/v1/admin/standards", id: "adminStandards",
                 summary: "The standards' names for codes: elements (name, identifier, code table), code tables (standard, each code's name), entity titles; and the college's time zone (timeZone, IANA) in which the console shows times"),
    ].joined(separator: ",\n")
}
