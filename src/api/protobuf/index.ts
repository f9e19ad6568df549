// Kubernetes protobuf request bodies (application/vnd.kubernetes.protobuf),
// decoded to the JSON objects the API already handles. Pure TypeScript.
export { ProtobufError } from './wire.js';
export { decodeKubernetesProtobuf, isProtobuf, MAX_DEPTH, PROTOBUF_MEDIA_TYPE, type DecodedObject } from './decode.js';
