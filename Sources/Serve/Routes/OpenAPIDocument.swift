/// The API's OpenAPI 3.1 document, served at /openapi.json. Tests check it against the
/// routes, and Schemathesis checks the live server against it.
enum OpenAPIDocument {
    /// The refusals every audited operation may answer with.
    static let refusals = #"""
"400": {"$ref": "#/components/responses/BadRequest"},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "429": {"$ref": "#/components/responses/TooManyRefusals"},
          "500": {"$ref": "#/components/responses/InternalError"},
          "503": {"$ref": "#/components/responses/Unavailable"}
"""#

    static let text = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "CampusHub API",
    "version": "1.0.0",
    "description": "Golden records of a college's people and units: form prefill for the service hall and policy-controlled sharing with departments. Every read of personal data is audited in a hash-chained log before it is answered. Values are standard codes (JY/T 1002/1006, GB/T code tables) with display labels."
  },
  "servers": [{"url": "/"}],
  "components": {
    "securitySchemes": {
      "bearer": {"type": "http", "scheme": "bearer", "description": "A consumer token from `campushub token create --consumer NAME`: chub_<id>_<secret>."},
      "metricsBearer": {"type": "http", "scheme": "bearer", "description": "The metrics token (`serve --metrics-token-file` or CAMPUSHUB_METRICS_TOKEN), not a consumer token."}
    },
    "parameters": {
      "purpose": {"name": "purpose", "in": "query", "required": true, "description": "Why the data is read; one of the purposes the consumer's policy allows.", "schema": {"type": "string"}, "example": "borrowing"},
      "entity": {"name": "entity", "in": "path", "required": true, "description": "An entity of standards/entities.json, e.g. student, staff, unit.", "schema": {"type": "string"}, "example": "student"},
      "fields": {"name": "fields", "in": "query", "required": false, "description": "Comma-separated element codes to return; only granted ones. Default: every granted field.", "schema": {"type": "string"}, "example": "XH,XM,XBM"},
      "limit": {"name": "limit", "in": "query", "required": false, "description": "Rows per page.", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}
    },
    "headers": {
      "X-Request-Id": {"description": "Quote it to the hub's operators; it is in the audit log.", "schema": {"type": "string"}},
      "Retry-After": {"description": "Whole seconds until the client's refusal budget allows another request.", "schema": {"type": "integer", "minimum": 1}}
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
          "error": {
            "type": "object",
            "required": ["code", "message", "requestId"],
            "properties": {
              "code": {"type": "string", "description": "Stable: missing_token, malformed_token, unknown_token, token_expired, token_revoked, no_policy, policy_expired, purpose_required, purpose_not_allowed, field_not_granted, unknown_field, unknown_parameter, invalid_filter, invalid_limit, invalid_cursor, unknown_entity, unknown_form, no_record, not_admin, invalid_ticket, ticket_expired, ticket_scope, unknown_stream, invalid_stream, source_unavailable, sync_running, sync_unavailable, workspace_invalid, body_not_allowed, no_run, no_writeback, not_retryable, not_cancellable, subject_required, one_subject, not_found, method_not_allowed, payload_too_large, unsupported_media_type, audit_unavailable, internal_error; for cases: case_not_allowed, bad_attachment_digest, format_not_allowed, digest_mismatch, format_mismatch, upload_required, upload_not_stored, archiving_not_configured, invalid_case, applicant_unnamed, attachment_not_uploaded, duplicate_case, no_case."},
              "message": {"type": "string"},
              "requestId": {"type": "string"}
            }
          }
        }
      },
      "FieldValue": {
        "type": "object",
        "required": ["value"],
        "properties": {
          "value": {"type": "string"},
          "label": {"type": "string", "description": "The code's name in its code table (XBM 1 -> 男性), or the name of the record a key refers to (DWH 101 -> 机电工程学院); absent for masked or free-text values."},
          "masked": {"type": "boolean", "description": "True when the policy masks this field."},
          "writeback": {"type": "string", "enum": ["pending", "delivered", "conflict"], "description": "A write-back of this field is on its way (pending, delivered) or its owner kept another value (conflict); absent once the owner confirms it."}
        }
      },
      "Record": {
        "type": "object",
        "required": ["key", "active", "version", "updatedAt", "fields"],
        "properties": {
          "key": {"type": "string"},
          "active": {"type": "boolean", "description": "False once no source delivers the record any more."},
          "version": {"type": "integer"},
          "updatedAt": {"type": "string"},
          "fields": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/FieldValue"}},
          "inScope": {"type": "boolean", "description": "Change feed only: false when the record left the consumer's row scope (e.g. a student moved to another department); it comes without fields: drop your copy."}
        }
      },
      "RecordList": {
        "type": "object",
        "required": ["entity", "items", "next"],
        "properties": {
          "entity": {"type": "string"},
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/Record"}},
          "next": {"type": ["string", "null"], "description": "Pass as after= for the next page; null on the last page."}
        }
      },
      "ChangePage": {
        "type": "object",
        "required": ["entity", "items", "next", "more"],
        "properties": {
          "entity": {"type": "string"},
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/Record"}, "description": "The current state of each record changed after the cursor, in change order."},
          "next": {"type": "string", "description": "Opaque cursor: pass as after= next time."},
          "more": {"type": "boolean"}
        }
      },
      "PrefillField": {
        "type": "object",
        "required": ["element", "name", "value"],
        "properties": {
          "element": {"type": "string"},
          "name": {"type": "string"},
          "value": {"type": ["string", "null"], "description": "null when the hub has no value for this person."},
          "label": {"type": "string"},
          "masked": {"type": "boolean"},
          "writeback": {"type": "string", "enum": ["pending", "delivered", "conflict"]},
          "source": {"type": "string", "description": "The stream the value came from."},
          "asOf": {"type": "string", "description": "When that stream delivered it."},
          "owner": {"type": "object", "description": "The system that keeps this field (数据权威性): its connector name and department.", "properties": {"system": {"type": "string"}, "title": {"type": "string"}}},
          "editable": {"type": "boolean", "description": "True when this consumer may change the field through a write-back to its owner; otherwise a form shows it read-only and says where to change it."}
        }
      },
      "WritebackRequest": {
        "type": "object",
        "required": ["target", "operation", "subject", "fields", "approval"],
        "additionalProperties": false,
        "properties": {
          "target": {"type": "string", "description": "A connector that takes write-backs, e.g. xg (student affairs) or hr.", "example": "xg"},
          "operation": {"type": "string", "enum": ["update", "create"]},
          "subject": {"type": "object", "required": ["entity", "key"], "properties": {"entity": {"type": "string", "example": "student"}, "key": {"type": "string", "description": "A key of the entity, checked and normalised with its key element (XH for students); control, invisible and markup characters are refused (422)."}}},
          "fields": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}, "description": "Element code -> value; normalised against the data standards (422 when a value breaks a rule)."},
          "approval": {"type": "object", "required": ["process", "approver", "approvedAt"], "properties": {"process": {"type": "string"}, "approver": {"type": "string"}, "approvedAt": {"type": "string", "format": "date-time"}}}
        }
      },
      "WritebackAccepted": {
        "type": "object",
        "required": ["id", "state", "target", "subject", "acceptedAt"],
        "properties": {
          "id": {"type": "string"},
          "state": {"type": "string"},
          "target": {"type": "string"},
          "subject": {"type": "object", "properties": {"entity": {"type": "string"}, "key": {"type": "string"}}},
          "acceptedAt": {"type": "string"}
        }
      },
      "ConfigFile": {
        "type": "object",
        "required": ["path", "etag", "text", "content"],
        "properties": {
          "path": {"type": "string"},
          "etag": {"type": "string", "description": "SHA-256 (hex) of the file's bytes: send it as If-Match to save."},
          "text": {"type": "string", "description": "The file as it is on disk."},
          "content": {"description": "The file's JSON; null when it is not valid JSON."}
        }
      },
      "ConfigSaved": {
        "type": "object",
        "required": ["path", "etag", "previous"],
        "properties": {
          "path": {"type": "string"},
          "etag": {"type": "string"},
          "previous": {"type": ["string", "null"], "description": "The ETag of the version replaced (null: a new file)."}
        }
      },
      "WritebackStatus": {
        "type": "object",
        "required": ["id", "state", "target", "operation", "subject", "fields", "attempts", "acceptedAt", "history"],
        "properties": {
          "id": {"type": "string"},
          "state": {"type": "string", "enum": ["pending", "leased", "delivered", "retry_wait", "dead", "cancelled"]},
          "consumer": {"type": "string"},
          "target": {"type": "string"},
          "operation": {"type": "string"},
          "subject": {"type": "object", "properties": {"entity": {"type": "string"}, "key": {"type": "string"}}},
          "fields": {"type": "array", "items": {"type": "string"}},
          "attempts": {"type": "integer"},
          "lastError": {"type": ["string", "null"]},
          "acceptedAt": {"type": "string"},
          "deliveredAt": {"type": ["string", "null"]},
          "history": {"type": "array", "items": {"type": "object", "required": ["at", "event"], "properties": {"at": {"type": "string"}, "event": {"type": "string"}, "detail": {"type": ["string", "null"]}}}}
        }
      },
      "Prefill": {
        "type": "object",
        "required": ["form", "title", "entity", "subject", "active", "fields"],
        "properties": {
          "form": {"type": "string"},
          "title": {"type": "string"},
          "entity": {"type": "string"},
          "subject": {"type": "string"},
          "active": {"type": "boolean"},
          "fields": {"type": "array", "items": {"$ref": "#/components/schemas/PrefillField"}},
          "timeZone": {"type": "string", "description": "The college's time zone (IANA name), in which the form names the day of each asOf."}
        }
      }
    },
    "responses": {
      "BadRequest": {"description": "A malformed query; the message says what to change.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unauthorized": {"description": "Missing, malformed, unknown, expired or revoked token.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Forbidden": {"description": "No policy grants this: the consumer, purpose, field or form is not allowed, or the policy expired.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotFound": {"description": "No such entity, form or record (records outside the consumer's row scope are not found either).", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "TooManyRefusals": {"description": "Too many refused requests (401, and 404/405/preflight under /v1) from this client address or for this token id: 20 per 10 s. Wait Retry-After seconds.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}, "Retry-After": {"$ref": "#/components/headers/Retry-After"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unavailable": {"description": "The audit entry could not be committed, so nothing is answered.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Conflict": {"description": "A request with the same Idempotency-Key is being handled right now.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unprocessable": {"description": "A field breaks a data standard rule, or the Idempotency-Key was used with a different body.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "InternalError": {"description": "The hub failed; the request id is in its log.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    }
  },
  "paths": {
    "/healthz": {
      "get": {
        "operationId": "health",
        "summary": "Liveness",
        "responses": {"200": {"description": "The server answers.", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "const": "ok"}}}}}}}
      }
    },
    "/metrics": {
      "get": {
        "operationId": "metrics",
        "summary": "Prometheus text: requests, latency histogram, records, sync runs, audit writer",
        "security": [{"metricsBearer": []}],
        "responses": {
          "200": {"description": "Prometheus text exposition format 0.0.4. Store figures (records, sync runs, outbox) are at most a minute old.", "content": {"text/plain": {"schema": {"type": "string"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"},
          "403": {"description": "No metrics token is set, so /metrics is off.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "429": {"$ref": "#/components/responses/TooManyRefusals"}
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "openapi",
        "summary": "This document",
        "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}
      }
    },
    "/v1/prefill/{form}": {
      "get": {
        "operationId": "prefill",
        "summary": "A form's fields for one person: value, display label, source and as-of",
        "security": [{"bearer": []}],
        "parameters": [
          {"name": "form", "in": "path", "required": true, "description": "A form id of standards/forms.json.", "schema": {"type": "string"}, "example": "student-leave"},
          {"name": "subject", "in": "query", "required": true, "description": "The person's key (XH for students, GH for staff); one per request.", "schema": {"type": "string"}},
          {"$ref": "#/components/parameters/purpose"}
        ],
        "responses": {
          "200": {"description": "The prefill.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Prefill"}}}},
          \#(refusals)
        }
      }
    },
    "/v1/entities/{entity}": {
      "get": {
        "operationId": "listRecords",
        "summary": "Policy-filtered records, keyset-paginated",
        "security": [{"bearer": []}],
        "parameters": [
          {"$ref": "#/components/parameters/entity"},
          {"$ref": "#/components/parameters/fields"},
          {"name": "filter", "in": "query", "required": false, "description": "ELEMENT:eq:VALUE, ELEMENT:in:V1,V2 or ELEMENT:prefix:VALUE, several joined by ';'. Only on granted, unmasked fields.", "schema": {"type": "string"}, "example": "XBM:eq:1"},
          {"name": "sort", "in": "query", "required": false, "description": "ELEMENT or -ELEMENT (descending); ties by key. Only on granted, unmasked fields. Default: key order.", "schema": {"type": "string"}, "example": "-XM"},
          {"$ref": "#/components/parameters/limit"},
          {"name": "after", "in": "query", "required": false, "description": "The next cursor of the previous page.", "schema": {"type": "string"}},
          {"$ref": "#/components/parameters/purpose"}
        ],
        "responses": {
          "200": {"description": "A page of active records inside the consumer's row scope.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RecordList"}}}},
          \#(refusals)
        }
      }
    },
    "/v1/entities/{entity}/{key}": {
      "get": {
        "operationId": "getRecord",
        "summary": "One record, policy-filtered",
        "security": [{"bearer": []}],
        "parameters": [
          {"$ref": "#/components/parameters/entity"},
          {"name": "key", "in": "path", "required": true, "description": "The record's key (XH, GH, DWH, ...).", "schema": {"type": "string"}},
          {"$ref": "#/components/parameters/fields"},
          {"$ref": "#/components/parameters/purpose"}
        ],
        "responses": {
          "200": {"description": "The record.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Record"}}}},
          \#(refusals)
        }
      }
    },
    "/v1/writebacks": {
      "post": {
        "operationId": "submitWriteback",
        "summary": "Accept an approved result for delivery to the system that owns the data; replay-safe",
        "description": "Checked like a read of the record: the policy must not have expired, the purpose must be one it allows, and the record must lie in its row scope (an update's stored record; a create's submitted fields, and a create may not name a record the hub holds, 409). A record outside the scope answers exactly as one that does not exist (404 no_record). A replay is checked again and answered only while the same request would be accepted.",
        "security": [{"bearer": []}],
        "parameters": [
          {"name": "purpose", "in": "query", "required": true, "description": "Why the change is made; one of the purposes the consumer's policy allows (as on reads). Part of the request: the same key with another purpose is 422.", "schema": {"type": "string"}, "example": "contact-update"},
          {"name": "Idempotency-Key", "in": "header", "required": true, "description": "1 to 255 printable ASCII characters; the same key with the same body answers the first answer again.", "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}}
        ],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WritebackRequest"}}}},
        "responses": {
          "202": {"description": "Stored with its audit entry; delivered by the outbox.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}, "Location": {"schema": {"type": "string"}}, "Idempotent-Replayed": {"description": "true on a replay of an earlier request", "schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WritebackAccepted"}}}},
          "409": {"$ref": "#/components/responses/Conflict"},
          "413": {"description": "The body is over 64 KiB.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "422": {"$ref": "#/components/responses/Unprocessable"},
          \#(refusals)
        }
      }
    },
    "/v1/writebacks/{id}": {
      "get": {
        "operationId": "getWriteback",
        "summary": "A write-back's delivery state and history (the submitting consumer's only)",
        "security": [{"bearer": []}],
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {
          "200": {"description": "State and history.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WritebackStatus"}}}},
          \#(refusals)
        }
      }
    },
    "/v1/changes/{entity}": {
      "get": {
        "operationId": "changes",
        "summary": "What changed since a cursor, for departments that keep copies",
        "security": [{"bearer": []}],
        "parameters": [
          {"$ref": "#/components/parameters/entity"},
          {"name": "after", "in": "query", "required": false, "description": "The next cursor of the previous read (sealed; good for this consumer and entity only); absent: from the beginning.", "schema": {"type": "string"}},
          {"$ref": "#/components/parameters/limit"},
          {"$ref": "#/components/parameters/fields"},
          {"$ref": "#/components/parameters/purpose"}
        ],
        "responses": {
          "200": {"description": "Records changed since the cursor (inactive ones included), one item per record per page: inside the consumer's row scope, or a departure (inScope false, no fields) for one that left it.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChangePage"}}}},
          \#(refusals)
        }
      }
    },
\#(casePaths)
\#(adminPaths)
  }
}
"""#
}
