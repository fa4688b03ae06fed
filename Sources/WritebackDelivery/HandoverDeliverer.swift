import Archiver
import Foundation
import HTTPClient
import HubCore
import HubCrypto
import Outbox
import Store
import Workspace

/// Archive systems: a packaged case's package handed over. Into a drop folder (see `DropFolder`):
/// the package and then its manifest, each durably under a temporary name and renamed; a package
/// already there with the same SM3 counts as delivered (the outbox's at-least-once made idempotent).
/// Over HTTP: a POST of the package, read from its file as it is sent, with `Idempotency-Key:
/// <package id>`, `X-CampusHub-Signature: sha256=<HMAC-SHA256 of the body>` and `X-CampusHub-Package-SM3`;
/// a 2xx answer's first line is kept as the receipt (`<package id>.ack`), durably, before it counts.
/// Into a table: see `SQLHandoverTable`.
final class HandoverDeliverer: Deliverer {
    private enum Channel {
        case folder(DropFolder)
        case http(client: HTTPClient, url: String, secret: [UInt8], authorization: [(String, String)], timeoutSeconds: Double, receipts: DropFolder)
        case sql(SQLHandoverTable)
    }

    private let channel: Channel
    private let packages: String

    init(connector: ConnectorSpec, spec: HandoverTargetSpec, workspace: Workspace, environment: [String: String]) throws {
        packages = workspace.resolve("archive/packages")
        switch spec.delivery {
        case let .folder(path):
            let folder = DropFolder(folder: path)
            folder.sweep()
            channel = .folder(folder)
        case let .sql(table):
            channel = .sql(try SQLHandoverTable(connector: connector, table: table, workspace: workspace, environment: environment))
        case let .http(path, secret, timeoutSeconds):
            guard let connection = connector.http else {
                throw HubError.config("\(connector.file): handover over HTTP needs an http connector", fix: "give the connector a baseURL")
            }
            let origin = "archive system \(connector.name) (\(connector.file))"
            let key = Array(try secret.resolve(environment: environment, origin: origin + ": handover.secret").utf8)
            let authorization = try connection.auth.headers(environment: environment, origin: origin + ": auth")
            let receipts = workspace.resolve(HandoverTargetSpec.receiptsFolder(connector: connector.name))
            try FileManager.default.createDirectory(atPath: receipts, withIntermediateDirectories: true)
            do {
                channel = .http(client: try HTTPClient(), url: connection.baseURL + path, secret: key, authorization: authorization,
                                timeoutSeconds: timeoutSeconds, receipts: DropFolder(folder: receipts))
            } catch {
                throw HubError.internal("libcurl could not start: \(error)")
            }
        }
    }

    func deliver(_ record: WritebackRecord) -> DeliveryEvent {
        guard record.request.operation == "archive" else {
            return .failedPermanently(error: "an archive system takes archival packages only, not \(record.request.operation) write-backs")
        }
        let fields = record.request.fields
        let packageID = record.idempotencyKey
        let entry = DropFolder.Entry(packageID: packageID, archiveNumber: fields["archiveNumber"] ?? "", sm3: fields["sm3"] ?? "",
                                     size: Int(fields["size"] ?? "") ?? -1)
        let file = packages + "/" + packageID + ".xml"
        switch channel {
        case let .folder(folder):
            do {
                switch try folder.deliver(file: file, entry: entry) {
                case .delivered, .alreadyThere: return .succeeded
                case let .refused(reason): return .failedPermanently(error: reason)
                }
            } catch {
                // The folder not there or not writable (a share not mounted, a full disk): again later.
                return .failedTemporarily(error: "drop folder: \(error)")
            }
        case let .sql(table):
            return table.deliver(file: file, entry: entry, now: Timestamp.iso8601(Date()))
        case let .http(client, url, secret, authorization, timeoutSeconds, receipts):
            return post(file, entry: entry, client: client, url: url, secret: secret, authorization: authorization, timeoutSeconds: timeoutSeconds,
                        receipts: receipts)
        }
    }

    private func post(_ file: String, entry: DropFolder.Entry, client: HTTPClient, url: String, secret: [UInt8], authorization: [(String, String)],
                      timeoutSeconds: Double, receipts: DropFolder) -> DeliveryEvent {
        // One pass over the file: the signature, and the SM3 it must still have.
        guard let handle = FileHandle(forReadingAtPath: file), let hmac = IncrementalHMAC(key: secret), let sm3 = IncrementalDigest(.sm3) else {
            return .failedPermanently(error: "package \(entry.packageID) is missing from archive/packages")
        }
        do {
            defer { try? handle.close() }
            while let data = try handle.read(upToCount: 1 << 16), !data.isEmpty {
                let bytes = [UInt8](data)
                hmac.update(bytes)
                sm3.update(bytes)
            }
        } catch {
            return .failedTemporarily(error: "package \(entry.packageID) could not be read: \(error)")
        }
        guard sm3.finish() == entry.sm3 else {
            return .failedPermanently(error: "package \(entry.packageID) changed since it was packaged (its SM3 differs)")
        }
        let headers = authorization + [
            ("Content-Type", "application/xml; charset=utf-8"), ("Idempotency-Key", entry.packageID),
            ("X-CampusHub-Signature", "sha256=" + hmac.finish()), ("X-CampusHub-Package-SM3", entry.sm3),
        ]
        do {
            let body = try HTTPFileBody(path: file)
            guard body.size == entry.size else { return .failedPermanently(error: "package \(entry.packageID) changed since it was packaged (its size differs)") }
            let response = try client.request(method: "POST", url: url, headers: headers, timeoutSeconds: timeoutSeconds,
                                              connectTimeoutSeconds: min(5, timeoutSeconds), maxResponseBytes: 1 << 16, file: body)
            let event = DeliveryOutcome.event(forStatus: response.status, summary: HTTPDeliverer.summary(response.body))
            guard event == .succeeded else { return event }
            try receipts.write(Array(HTTPDeliverer.summary(response.body).utf8) + [0x0A], as: entry.packageID + ".ack")
            return .succeeded
        } catch {
            return .failedTemporarily(error: "\(error)")
        }
    }
}
