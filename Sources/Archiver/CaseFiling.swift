import Archiving
import HubCrypto
import Store

extension CaseIntake {
    /// A case as it is filed: its canonical JSON (the package's main document) and the SM3 of its
    /// process steps, which its audit entry keeps and the checks compare the package with.
    public static func filing(_ serviceCase: ServiceCase, id: String, consumer: String, idempotencyKey: String, requestHash: String,
                              response: String) -> CaseIntake {
        let steps = IncrementalDigest.hex(.sm3, bytes: Array(StepsFingerprint.text(StepsFingerprint.steps(of: serviceCase)).utf8)) ?? ""
        return CaseIntake(id: id, consumer: consumer, idempotencyKey: idempotencyKey, requestHash: requestHash, serviceCase: serviceCase,
                          caseJSON: CaseJSON.canonical(serviceCase), stepsDigest: steps, response: response)
    }
}
