/** A client-chosen device id: what device binding compares, so it must be stable and plain. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9._-]{8,128}$/;
export const DEVICE_ID_RULE = 'deviceId must be 8 to 128 characters of A-Z a-z 0-9 . _ -';
