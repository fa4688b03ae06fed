/// The OpenAPI paths of the service hall's case filing (issue 19): attachments uploaded first,
/// streamed to disk, then the case that references them by digest.
extension OpenAPIDocument {
    private static let caseError = ##"{"description": "%@", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}"##

    private static func error(_ description: String) -> String { caseError.replacingOccurrences(of: "%@", with: description) }

    private static let binary = ##"{"schema": {"type": "string", "format": "binary"}}"##

    private static let uploaded = ##"{"description": "%@", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}, "Location": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"type": "object", "required": ["sm3", "sha256", "size", "mediaType"], "properties": {"sm3": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "size": {"type": "integer", "minimum": 0}, "mediaType": {"type": "string"}}}}}}"##

    static let casePaths = ##"""
    "/v1/cases/attachments/{sm3}": {
      "put": {
        "operationId": "uploadCaseAttachment",
        "summary": "Upload one attachment of a case to be filed, kept under its SM3 (streamed to disk, up to the archive's limit)",
        "description": "The raw file is the body; its Content-Type one of the formats of standards/archiving.json. Refused before a byte is stored without a token (401), without a sharing policy that lists \"cases\" (403 case_not_allowed), with a path that is not an SM3 (400), an unknown format (415) or an announced size over the limit (413, connection closed). Once in: the file's SM3 must be the path's (else 422 digest_mismatch, nothing kept) and its first bytes those of its format (else 422 format_mismatch). Idempotent: the same file again is 200.",
        "security": [{"bearer": []}],
        "parameters": [
          {"name": "sm3", "in": "path", "required": true, "description": "The file's SM3 digest (GB/T 32905), 64 lower-case hexadecimal digits.", "schema": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}
        ],
        "requestBody": {"required": true, "content": {"application/pdf": \##(binary), "application/ofd": \##(binary), "image/jpeg": \##(binary), "image/png": \##(binary), "image/tiff": \##(binary), "application/json": \##(binary)}},
        "responses": {
          "200": \##(uploaded.replacingOccurrences(of: "%@", with: "Kept already (the same file was uploaded before).")),
          "201": \##(uploaded.replacingOccurrences(of: "%@", with: "Kept under its SM3 in the archive's attachment folder.")),
          "413": \##(error("Over the archive's attachment size limit (rules.limits.attachmentBytes); the connection is closed.")),
          "415": \##(error("The Content-Type is not a format the archive accepts.")),
          "422": \##(error("The file's SM3 is not the path's, or its first bytes are not its format's; nothing was kept.")),
          "507": {"description": "The upload could not be stored (disk full, say); try again later.", "content": {"application/json": {"schema": {"type": "object"}}}},
          \##(refusals)
        }
      }
    },
    "/v1/cases": {
      "post": {
        "operationId": "submitCase",
        "summary": "File a finished service-hall case for archiving; replay-safe",
        "description": "The case as the hall records it (case number, service item, applicant, process steps, result, attachments referenced by SM3, each uploaded first). The consumer's sharing policy for the applicant's entity must list the service item under \"cases\" (403 case_not_allowed) and allow the purpose; the applicant must be a golden record inside the policy's row scope (outside it answers exactly as one that does not exist, 404 no_record); the applicant's name is taken from that record. Accepted atomically with its audit entry (case.accept, with the SM3 of the process steps) and the write-backs its approved result implies (each checked as POST /v1/writebacks checks one: a write-back grant for its target, its fields, its record in the row scope); it then waits to be packaged.",
        "security": [{"bearer": []}],
        "parameters": [
          {"name": "purpose", "in": "query", "required": true, "description": "Why the case is filed; one of the purposes the consumer's policy allows. Part of the request: the same key with another purpose is 422.", "schema": {"type": "string"}, "example": "case-filing"},
          {"name": "Idempotency-Key", "in": "header", "required": true, "description": "1 to 255 printable ASCII characters; the same key with the same body answers the first answer again.", "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}}
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["caseNumber", "item", "applicant", "submittedAt", "finishedAt", "steps", "result"], "properties": {
          "caseNumber": {"type": "string", "maxLength": 64}, "item": {"type": "string", "example": "student-leave"},
          "applicant": {"type": "object", "required": ["entity", "key"], "properties": {"entity": {"type": "string"}, "key": {"type": "string"}}},
          "submittedAt": {"type": "string", "format": "date-time"}, "finishedAt": {"type": "string", "format": "date-time"},
          "steps": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"type": "object", "required": ["actor", "role", "action", "at"], "properties": {"actor": {"type": "string"}, "actorId": {"type": "string"}, "role": {"type": "string"}, "action": {"type": "string"}, "opinion": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}}},
          "result": {"type": "object", "required": ["outcome", "summary", "data"], "properties": {"outcome": {"enum": ["approved", "rejected", "withdrawn"]}, "summary": {"type": "string"}, "data": {"type": "object"}}},
          "attachments": {"type": "array", "items": {"type": "object", "required": ["name", "title", "mediaType", "size", "sm3", "sha256"], "properties": {"name": {"type": "string"}, "title": {"type": "string"}, "mediaType": {"type": "string"}, "size": {"type": "integer", "minimum": 1}, "sm3": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}}}},
          "writebacks": {"type": "array", "maxItems": 20, "description": "What the approved result changes in the owning systems: each a POST /v1/writebacks body (approval optional: the case's by default), checked the same way and stored in the outbox with the case.", "items": {"type": "object", "required": ["target", "operation", "subject", "fields"], "properties": {"target": {"type": "string"}, "operation": {"enum": ["update", "create"]}, "subject": {"type": "object", "required": ["entity", "key"], "properties": {"entity": {"type": "string"}, "key": {"type": "string"}}}, "fields": {"type": "object", "additionalProperties": {"type": "string"}}, "approval": {"type": "object"}}}}
        }}}}},
        "responses": {
          "202": {"description": "Stored with its audit entry; waits to be packaged.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}, "Location": {"schema": {"type": "string"}}, "Idempotent-Replayed": {"description": "true on a replay of an earlier request", "schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"type": "object", "required": ["id", "caseNumber", "state"], "properties": {"id": {"type": "string"}, "caseNumber": {"type": "string"}, "state": {"type": "string", "enum": ["waiting"]}, "writebacks": {"type": "array", "items": {"type": "string"}, "description": "The outbox ids of the write-backs the case implies (GET /v1/writebacks/{id})."}}}}}},
          "409": {"description": "A request with the same Idempotency-Key is being handled right now, or the case number was filed already under another key (duplicate_case, with the case's id), or an implied create names a record the hub holds (record_exists).", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object"}, "id": {"type": "string"}}}}}},
          "413": \##(error("The body is over 64 KiB.")),
          "422": \##(error("A field of the case is missing or wrong (each one named), an attachment was not uploaded (attachments[i], with its upload URL), or the Idempotency-Key was used with a different body.")),
          \##(refusals)
        }
      }
    },
    "/v1/cases/{id}": {
      "get": {
        "operationId": "getCase",
        "summary": "A filed case's state on its way into the archive (the filing consumer's only)",
        "security": [{"bearer": []}],
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "Its state.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object", "required": ["id", "caseNumber", "item", "state", "acceptedAt", "updatedAt"], "properties": {"id": {"type": "string"}, "caseNumber": {"type": "string"}, "item": {"type": "string"}, "state": {"type": "string", "enum": ["waiting", "packaged", "failed", "handed-over", "archived"]}, "acceptedAt": {"type": "string"}, "updatedAt": {"type": "string"}, "archiveNumber": {"type": "string"}, "problem": {"type": "string"}, "writebacks": {"type": "array", "items": {"type": "object", "required": ["id", "state"], "properties": {"id": {"type": "string"}, "state": {"type": "string"}}}}}}}}},
          \##(refusals)
        }
      }
    },
"""##
}
