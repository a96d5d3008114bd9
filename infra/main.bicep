// ConsentHub on Azure: the hub's isolated-worker Functions app on Flex Consumption (the HTTP routes, propagation as a
// Durable Functions orchestration whose task hub lives in the app's storage account, timers), Cosmos DB (serverless)
// for events, keys and views, the Service Bus topic `preference-events` for CRMs, Key Vault for the hub's own
// secrets, Application Insights. Everything signs in with one user-assigned managed identity; no connection strings
// or account keys.
targetScope = 'resourceGroup'

@description('Prefix of every resource name (3–11 lowercase letters and digits).')
@minLength(3)
@maxLength(11)
param name string

param location string = resourceGroup().location

// Generate each once (openssl rand -base64 32) and keep them: another HashKey makes every stored contact hash unreachable.
@secure()
param masterKey string
@secure()
param hashKey string
@secure()
param linkKey string
@secure()
@description('Operator key for /api/v1/admin.')
param adminKey string

@description('The hub\'s public address, e.g. https://consent.example.fi once a custom domain is bound; empty: the app\'s own host name.')
param publicBaseUrl string = ''

var suffix = uniqueString(resourceGroup().id, name)

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: { name: 'id-${name}-${suffix}', location: location }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: { name: take('st${name}${suffix}', 24), location: location, principalId: identity.outputs.principalId }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { name: '${name}-${suffix}', location: location, principalId: identity.outputs.principalId }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: { name: 'cosmos-${name}-${suffix}', location: location, principalId: identity.outputs.principalId }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: { name: 'sb-${name}-${suffix}', location: location, principalId: identity.outputs.principalId }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('kv-${name}-${suffix}', 24)
    location: location
    principalId: identity.outputs.principalId
    secrets: { 'hub-master-key': masterKey, 'hub-hash-key': hashKey, 'hub-link-key': linkKey, 'hub-admin-key': adminKey }
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: 'func-${name}-${suffix}'
    location: location
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.connectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabase: cosmos.outputs.database
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    vaultUri: vault.outputs.uri
    publicBaseUrl: publicBaseUrl
  }
}

output functionAppName string = app.outputs.name
output preferenceEventsTopic string = '${serviceBus.outputs.fullyQualifiedNamespace}/${serviceBus.outputs.topic}'
output url string = app.outputs.url
