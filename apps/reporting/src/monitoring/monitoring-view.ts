import type { MonitoringLookView, MonitoringResponse } from '@ips/contracts';

// DESIGN §6c: `GET /v1/trials/{trialId}/monitoring`. The shape is @ips/contracts' and the
// building libs/domain's (lookView, monitoringView, monitoringResponse), shared with the
// query service, which answers the same path for the dashboard.
export type MonitoringView = MonitoringResponse;
export type LookView = MonitoringLookView;
export { lookView, monitoringView } from '@ips/domain';
