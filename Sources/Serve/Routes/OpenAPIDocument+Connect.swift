/// The OpenAPI paths of "添加数据源" and the mapping editor's live preview: a source drafted before it is
/// saved, several configuration files saved together, and the preview of a mapping not saved yet.
extension OpenAPIDocument {
    private static let json200 = ##""200": {"description": "The answer (JSON object).", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object"}}}}"##
    private static let problems422 = ##""422": {"description": "Refused, naming the member or the file and JSON path (problems: file, path, message, fix); nothing was read or written.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object", "required": ["error", "problems"], "properties": {"error": {"type": "object"}, "field": {"type": "string"}, "problems": {"type": "array", "items": {"type": "object", "properties": {"file": {"type": "string"}, "path": {"type": "string"}, "message": {"type": "string"}, "fix": {"type": "string"}}}}}}}}}"##
    private static let tooLarge = ##""413": {"description": "The body is over 64 KiB.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}"##

    /// `GET` the saved mapping's preview, `POST` an unsaved one's.
    static func previewPath(limit: String) -> String {
        let stream = ##"{"name": "stream", "in": "path", "required": true, "schema": {"type": "string"}, "example": "jw.students"}"##
        return #"""
    "/v1/admin/preview/{stream}": {
      "get": {
        "operationId": "adminPreview",
        "summary": "Sample source rows beside their normalised records and issues; writes nothing",
        "tags": ["admin"],
        "security": [{"bearer": []}],
        "parameters": [\#(stream), \#(limit)],
        "responses": {
          \#(json200),
          \#(adminRefusals)
        }
      },
      "post": {
        "operationId": "adminPreviewDraft",
        "summary": "The mapping editor's live preview: the body is a mapping file not saved yet (its stream must be the one previewed), checked with the workspace as a save would be (422 naming the field), answered as GET; reads the source, writes nothing, audited with counts only",
        "tags": ["admin"],
        "security": [{"bearer": []}],
        "parameters": [\#(stream), \#(limit)],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["stream", "entity", "fields"], "properties": {"stream": {"type": "string", "example": "jw.students"}, "entity": {"type": "string", "example": "student"}, "fields": {"type": "object"}}}}}},
        "responses": {
          \#(json200),
          \#(problems422),
          \#(tooLarge),
          \#(adminRefusals)
        }
      }
    }
"""#
    }

    static let connectPaths = #"""
    "/v1/admin/connectors/draft": {
      "post": {
        "operationId": "adminConnectorDraft",
        "summary": "Test connection for a source not saved yet, and its drafted files: reads the first rows of a CSV file, Excel workbook (.xlsx) or SQLite database inside the workspace (in a folder such as exports/, never the hub's own files) or of a PostgreSQL table or query; answers the detected encoding and delimiter, the columns, the first rows, and the connector and mapping campushub connector add would write (every guess marked for review), or ok false with the problem and its fix. A password only as {env} or {file}: a literal one is 422. Writes nothing.",
        "tags": ["admin"],
        "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["name", "kind"], "properties": {
          "name": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$", "example": "jw"}, "title": {"type": "string"}, "department": {"type": "string", "example": "教务处"},
          "kind": {"type": "string", "enum": ["csv", "xlsx", "sqlite", "postgres"]}, "file": {"type": "string", "example": "exports/xsjbxx.csv"},
          "database": {"type": "string"}, "table": {"type": "string"}, "query": {"type": "string"},
          "connection": {"description": "libpq keywords without a password: a string (host=... dbname=...) or an object.", "oneOf": [{"type": "string"}, {"type": "object"}]},
          "password": {"type": "object", "properties": {"env": {"type": "string"}, "file": {"type": "string"}}},
          "encoding": {"type": "string", "enum": ["utf-8", "gb18030", "gbk"]}, "delimiter": {"type": "string", "maxLength": 2},
          "sheet": {"type": "string", "description": "xlsx: the sheet (default: the first)"}, "headerRow": {"type": "integer", "minimum": 1, "maximum": 1000},
          "entity": {"type": "string"}, "stream": {"type": "string"}, "limit": {"type": "integer", "minimum": 1, "maximum": 20}}}}}},
        "responses": {
          \#(json200),
          \#(problems422),
          \#(tooLarge),
          \#(adminRefusals)
        }
      }
    },
    "/v1/admin/config/batch": {
      "post": {
        "operationId": "adminConfigBatch",
        "summary": "Save several configuration files together (a new connector and its mapping): each with its own ifMatch (the ETag read) or ifNoneMatch * (a new file); the workspace with all of them checked once, as campushub check; all written or none; each file written atomically with its history and its own config.save audit entry",
        "tags": ["admin"],
        "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["files"], "properties": {"files": {"type": "array", "minItems": \#(AdminLimit.batchFiles.lowerBound), "maxItems": \#(AdminLimit.batchFiles.upperBound), "items": {"type": "object", "required": ["path", "content"], "properties": {
          "path": {"type": "string", "example": "connectors/jw.json"}, "content": {"type": "object"}, "ifMatch": {"type": ["string", "null"]}, "ifNoneMatch": {"type": ["string", "null"], "enum": ["*", null]}}}}}}}}},
        "responses": {
          "200": {"description": "Saved: each file's new ETag and the one it replaced.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object", "required": ["files"], "properties": {"files": {"type": "array", "items": {"$ref": "#/components/schemas/ConfigSaved"}}}}}}},
          "201": {"description": "Every file was new and is created.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object", "required": ["files"], "properties": {"files": {"type": "array", "items": {"$ref": "#/components/schemas/ConfigSaved"}}}}}}},
          "409": {"description": "A name is a symbolic link or a folder; nothing was written.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "412": {"description": "A file changed since it was read (or exists when it was to be created): its current version; nothing was written.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"type": "object", "required": ["error", "current"], "properties": {"error": {"type": "object"}, "current": {"type": ["object", "null"]}}}}}},
          \#(problems422),
          "428": {"description": "A file exists and has no ifMatch, or does not and has no ifNoneMatch *.", "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          \#(tooLarge),
          \#(adminRefusals)
        }
      }
    }
"""#
}
