import Archiving
import HubCrypto
import Store

extension CaseIntake {
    /// A case as it is filed: its canonical JSON (the package's main document) and the SM3 of its
    /// process steps, which its audit entry keeps and the checks compare the package with; the
    /// write-backs it implies go into the outbox with it and into its document.
    public static func filing(_ serviceCase: ServiceCase, id: String, consumer: String, idempotencyKey: String, requestHash: String,
                              response: String, writebacks: [ImpliedWriteback] = []) -> CaseIntake {
        let steps = IncrementalDigest.hex(.sm3, bytes: Array(StepsFingerprint.text(StepsFingerprint.steps(of: serviceCase)).utf8)) ?? ""
        return CaseIntake(id: id, consumer: consumer, idempotencyKey: idempotencyKey, requestHash: requestHash, serviceCase: serviceCase,
                          caseJSON: CaseJSON.canonical(serviceCase, writebacks: writebacks.map(\.archived)),
                          stepsDigest: steps, response: response, writebacks: writebacks)
    }
}

extension ImpliedWriteback {
    /// As the case's archived document records it.
    var archived: CaseWriteback {
        CaseWriteback(id: id, target: request.target, operation: request.operation, entity: request.entity, key: request.subject, fields: request.fields)
    }
}
