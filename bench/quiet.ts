// Imported first by run.ts, before any AWS SDK module loads: the SDK's Node 20 notice would only clutter the table.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
