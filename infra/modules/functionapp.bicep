// The Functions app: Flex Consumption, runtime dotnet-isolated 10.0 (the package is the isolated worker's publish
// output, see infra/package.sh), deployed from a blob container the identity reads, running as the user-assigned
// identity. Flex takes its runtime and deployment from functionAppConfig: FUNCTIONS_WORKER_RUNTIME,
// FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE and the content-share settings are not set there.
// The app settings are every setting the Functions app reads on Azure (ConsentHub.Functions/AzureSettings.cs;
// a test holds the two to each other).
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

@description('The hub\'s public address (a custom domain); empty: the app\'s own https://{defaultHostName}.')
param publicBaseUrl string = ''

@description('Instances kept warm for the Durable Functions group (orchestrator and activities), so a change starts propagating without a cold start.')
@minValue(0)
param durableAlwaysReady int = 1

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('NCRONTAB (with seconds) of the change-feed sweep: how soon views, the events feed and any propagation the write path missed catch up.')
param changeFeedSweepSchedule string = '*/10 * * * * *'

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
      runtime: { name: 'dotnet-isolated', version: '10.0' }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
        alwaysReady: durableAlwaysReady > 0 ? [{ name: 'durable', instanceCount: durableAlwaysReady }] : []
      }
    }
    siteConfig: { minTlsVersion: '1.2' }
  }
}

// Set apart from the site so the public base URL can default to the host name Azure gave it.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // The Functions host: its storage and the Durable task hub in it (identity-based: no connection string), its telemetry.
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsDisableHomepage: 'true'   // the catch-all HTTP function answers `/` itself
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    // The hub.
    AZURE_CLIENT_ID: identityClientId
    ConsentHub__Store: 'cosmos'
    ConsentHub__Cosmos__Endpoint: cosmosEndpoint
    ConsentHub__Cosmos__Database: cosmosDatabase
    ConsentHub__ServiceBus__Namespace: serviceBusNamespace
    ConsentHub__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${site.properties.defaultHostName}' : publicBaseUrl
    ConsentHub__Secrets__MasterKey: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/hub-master-key/)'
    ConsentHub__Secrets__HashKey: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/hub-hash-key/)'
    ConsentHub__Secrets__LinkKey: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/hub-link-key/)'
    ConsentHub__AdminKey: '@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/hub-admin-key/)'
    // The Functions app's timers (`%…%` in their triggers).
    ConsentHub_ChangeFeedSweepSchedule: changeFeedSweepSchedule
  }
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
