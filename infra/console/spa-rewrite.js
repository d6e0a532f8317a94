// The console's CloudFront Function (viewer request, cloudfront-js-2.0): a path of the single-page
// app (no file extension, not under /api) is served /index.html, so that /approvals or
// /households/H00000001 load the app, which routes in the browser. Files (/assets/app-3f9c.js,
// /config.json) and the API pass unchanged. Not CloudFront's error responses: those would turn the
// API's own 403 and 404 into index.html.
// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the function named handler.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/api' || uri.indexOf('/api/') === 0) return request;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}
