// The function app: Flex Consumption, runtime `custom` (host.json names the self-contained handler), deployed
// from the package container, running as the user-assigned identity. Every setting the hub reads is set here.
param name string
param location string
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerUrl string
param appInsightsConnectionString string
param cosmosEndpoint string
param cosmosDatabase string
param serviceBusNamespace string
param vaultUri string

var secret = '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/'

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}'
  location: location
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identityId}': {} } }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 }
      runtime: { name: 'custom', version: '1.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // The Functions host: its storage and telemetry.
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        // Trigger and binding connections (function.json `connection`), signed in with the identity.
        { name: 'CosmosDB__accountEndpoint', value: cosmosEndpoint }
        { name: 'CosmosDB__credential', value: 'managedidentity' }
        { name: 'CosmosDB__clientId', value: identityClientId }
        { name: 'ServiceBus__fullyQualifiedNamespace', value: serviceBusNamespace }
        { name: 'ServiceBus__credential', value: 'managedidentity' }
        { name: 'ServiceBus__clientId', value: identityClientId }
        // The hub itself.
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'ConsentHub__Store', value: 'cosmos' }
        { name: 'ConsentHub__Cosmos__Endpoint', value: cosmosEndpoint }
        { name: 'ConsentHub__Cosmos__Database', value: cosmosDatabase }
        { name: 'ConsentHub__ServiceBus__Namespace', value: serviceBusNamespace }
        { name: 'ConsentHub__PublicBaseUrl', value: 'https://${name}.azurewebsites.net' }
        { name: 'ConsentHub__Secrets__MasterKey', value: '${secret}hub-master-key/)' }
        { name: 'ConsentHub__Secrets__HashKey', value: '${secret}hub-hash-key/)' }
        { name: 'ConsentHub__Secrets__LinkKey', value: '${secret}hub-link-key/)' }
        { name: 'ConsentHub__AdminKey', value: '${secret}hub-admin-key/)' }
      ]
    }
  }
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
