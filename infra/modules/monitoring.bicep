// Application Insights over a Log Analytics workspace. Local (instrumentation-key) auth is off: the Functions host
// sends telemetry signed in with the identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), as Monitoring Metrics Publisher.
param name string
param location string
param principalId string

var metricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'   // Monitoring Metrics Publisher

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}'
  location: location
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${name}'
  location: location
  kind: 'web'
  properties: { Application_Type: 'web', WorkspaceResourceId: workspace.id, DisableLocalAuth: true }
}

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: insights
  name: guid(insights.id, principalId, metricsPublisher)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', metricsPublisher)
  }
}

output connectionString string = insights.properties.ConnectionString
